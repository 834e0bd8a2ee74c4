using Backbeat.Consumers;

namespace Backbeat.Tests.Consumers;

public sealed class PhaseStatisticsTests
{
    [Fact]
    public void Counts_split_by_state()
    {
        var statistics = new PhaseStatistics();
        statistics.Record("work", ClaimState.Done, PhaseOutcomeKind.Completed, 10);
        statistics.Record("work", ClaimState.Late, PhaseOutcomeKind.CutOff, 30);
        statistics.Record("work", ClaimState.Failed, PhaseOutcomeKind.Threw, 5);

        var work = Assert.Single(statistics.Snapshot());

        Assert.Equal((3L, 1L, 1L, 1L), (work.Count, work.Done, work.Late, work.Failed));
        Assert.Equal(1, work.DeadlineMisses);
    }

    [Fact]
    public void Mean_and_percentiles_are_over_handler_runs()
    {
        var statistics = new PhaseStatistics();
        for (var ms = 1; ms <= 100; ms++)
        {
            statistics.Record("plan", ClaimState.Done, PhaseOutcomeKind.Completed, ms);
        }

        var plan = Assert.Single(statistics.Snapshot());

        Assert.Equal(50.5, plan.MeanMs);
        Assert.Equal(50, plan.P50Ms);
        Assert.Equal(99, plan.P99Ms);
        Assert.Equal(100, plan.MaxMs);
    }

    [Fact]
    public void Frames_that_never_ran_are_misses_but_not_durations()
    {
        var statistics = new PhaseStatistics();
        statistics.Record("plan", ClaimState.Done, PhaseOutcomeKind.Completed, 40);
        statistics.Record("plan", ClaimState.Late, PhaseOutcomeKind.Dropped, 0);
        statistics.Record("plan", ClaimState.Late, PhaseOutcomeKind.Expired, 0);

        var plan = Assert.Single(statistics.Snapshot());

        Assert.Equal((3L, 2L, 1L, 1L), (plan.Count, plan.DeadlineMisses, plan.Dropped, plan.Expired));
        Assert.Equal(40, plan.MeanMs);
        Assert.Equal(40, plan.P50Ms);
    }

    [Fact]
    public void Percentiles_follow_the_recent_runs_while_the_mean_keeps_every_run()
    {
        var statistics = new PhaseStatistics(samples: 2);
        statistics.Record("plan", ClaimState.Done, PhaseOutcomeKind.Completed, 100);
        statistics.Record("plan", ClaimState.Done, PhaseOutcomeKind.Completed, 10);
        statistics.Record("plan", ClaimState.Done, PhaseOutcomeKind.Completed, 10);

        var plan = Assert.Single(statistics.Snapshot());

        Assert.Equal(40, plan.MeanMs);
        Assert.Equal(10, plan.MaxMs);
    }

    [Fact]
    public void Phases_are_listed_in_the_given_order_then_by_name()
    {
        var statistics = new PhaseStatistics();
        foreach (var phase in new[] { "zeta", "review", "plan", "alpha" })
        {
            statistics.Record(phase, ClaimState.Done, PhaseOutcomeKind.Completed, 1);
        }

        Assert.Equal(["plan", "review", "alpha", "zeta"], statistics.Snapshot(["plan", "work", "review"]).Select(p => p.Phase));
    }

    [Fact]
    public void Nothing_recorded_lists_nothing()
    {
        Assert.Empty(new PhaseStatistics().Snapshot());
    }
}
