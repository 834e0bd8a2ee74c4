using Backbeat.Consumers;
using Backbeat.Contracts;
using static Backbeat.Tests.Consumers.ClaimBuilder;

namespace Backbeat.Tests.Consumers;

public sealed class WindowAggregationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly FrameSequence _frames = new();

    private static WindowAggregation NewAggregation(WindowAggregatorOptions? options = null) =>
        new(FrameSequence.ClusterId, FrameSequence.Phases, FrameSequence.Bar, options ?? new WindowAggregatorOptions());

    private List<WindowReport> Feed(WindowAggregation aggregation, long firstBeat, long lastBeat, string lastPhase = "review") =>
        _frames.Through(firstBeat, lastBeat, lastPhase).SelectMany(f => aggregation.Observe(f, Now)).ToList();

    [Fact]
    public void A_window_closes_one_phase_after_its_bar_ends()
    {
        var aggregation = NewAggregation();

        Assert.Empty(Feed(aggregation, 0, 4, "plan"));
        var reports = aggregation.Observe(_frames.Frame(4, "work"), Now);

        var report = Assert.Single(reports);
        Assert.Equal(0, report.DownbeatIndex);
        Assert.Equal(WindowId.ForDownbeat(FrameSequence.ClusterId, 0), report.WindowId);
        Assert.Equal(FrameSequence.Bar, report.Beats);
        Assert.Equal(300m, report.TempoBpm);
        Assert.Equal(FrameSequence.ClusterId, report.ClusterId);
        Assert.Equal(WindowReport.TypeV1, report.Type);
    }

    [Fact]
    public void With_no_grace_a_window_closes_at_the_next_downbeat()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { CloseAfterPhases = 0 });

        Assert.Empty(Feed(aggregation, 0, 3));
        Assert.Single(aggregation.Observe(_frames.Frame(4, "plan"), Now));
    }

    [Fact]
    public void A_report_counts_participants_states_and_rates()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);
        Submit(aggregation, AClaim().By("a").For(0, "plan").In(ClaimState.Done));
        Submit(aggregation, AClaim().By("a").For(0, "work").In(ClaimState.Done));
        Submit(aggregation, AClaim().By("b").For(1, "work").In(ClaimState.Late));
        Submit(aggregation, AClaim().By("c").For(2, "review").In(ClaimState.Failed));

        var report = Assert.Single(Feed(aggregation, 4, 4, "work"));

        Assert.Equal(3, report.Participants);
        Assert.Equal(4, report.Claims);
        Assert.Equal((2, 1, 1), (report.Done, report.Late, report.Failed));
        Assert.Equal(0.5, report.CompletionRate);
        Assert.Equal(0.25, report.DeadlineMissRate);
        Assert.Equal(0.25, report.FailureRate);
    }

    [Fact]
    public void A_window_without_claims_has_no_rates()
    {
        var aggregation = NewAggregation();

        var report = Assert.Single(Feed(aggregation, 0, 4, "work"));

        Assert.Equal(0, report.Claims);
        Assert.Equal(0, report.Participants);
        Assert.Null(report.CompletionRate);
        Assert.Null(report.DeadlineMissRate);
        Assert.Null(report.FailureRate);
    }

    [Fact]
    public void Slowest_agents_are_ordered_by_mean_duration_and_limited()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { SlowestAgents = 2 });
        Feed(aggregation, 0, 3);
        Submit(aggregation, AClaim().By("fast").For(0, "plan").Taking(1));
        Submit(aggregation, AClaim().By("slow").For(0, "plan").Taking(40));
        Submit(aggregation, AClaim().By("slow").For(0, "work").Taking(20));
        Submit(aggregation, AClaim().By("middle").For(0, "plan").Taking(10));

        var report = Assert.Single(Feed(aggregation, 4, 4, "work"));

        Assert.Equal(["slow", "middle"], report.SlowestAgents.Select(a => a.AgentId));
        var slow = report.SlowestAgents[0];
        Assert.Equal((2, 30.0, 40.0), (slow.Claims, slow.MeanDurationMs, slow.MaxDurationMs));
    }

    [Fact]
    public void Phase_summaries_follow_the_cluster_phase_order()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);
        Submit(aggregation, AClaim().For(1, "review").Taking(3));
        Submit(aggregation, AClaim().For(1, "plan").Taking(1));
        Submit(aggregation, AClaim().By("b").For(1, "plan").In(ClaimState.Late).Taking(5));

        var report = Assert.Single(Feed(aggregation, 4, 4, "work"));

        Assert.Equal(["plan", "review"], report.Phases.Select(p => p.Phase));
        Assert.Equal(new PhaseSummary("plan", 2, 1, 1, 0, 3, 5), report.Phases[0]);
    }

    [Fact]
    public void Claims_land_in_the_window_of_their_beat()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 4, "plan");
        Submit(aggregation, AClaim().For(3, "review"));
        Submit(aggregation, AClaim().For(4, "plan"));

        var reports = Feed(aggregation, 4, 8, "work");

        Assert.Equal([0L, 4L], reports.Select(r => r.DownbeatIndex));
        Assert.Equal([1, 1], reports.Select(r => r.Claims));
    }

    [Fact]
    public void A_claim_for_the_last_phase_of_a_bar_counts_until_the_window_closes()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 4, "plan");

        Assert.Equal(ClaimVerdict.Accepted, aggregation.Submit(AClaim().For(3, "review").Build()));
    }

    [Fact]
    public void A_claim_for_a_reported_window_is_refused_as_closed()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 4, "work");

        Assert.Equal(ClaimVerdict.Closed, aggregation.Submit(AClaim().For(3, "review").Build()));
        Assert.Equal(1, aggregation.Counts.Closed);
    }

    [Fact]
    public void A_claim_for_a_bar_lost_in_a_gap_of_the_frames_is_refused_as_closed()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 5);
        aggregation.Observe(_frames.Frame(20, "plan"), Now);

        Assert.Equal(ClaimVerdict.Closed, aggregation.Submit(AClaim().For(10, "work").Build()));
        Assert.Equal(ClaimVerdict.Closed, aggregation.Submit(AClaim().For(5, "work").Build()));
        Assert.Equal(ClaimVerdict.Accepted, aggregation.Submit(AClaim().For(20, "plan").Build()));
    }

    [Fact]
    public void A_claim_for_a_beat_that_has_not_started_is_refused_as_future()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 1, "plan");

        Assert.Equal(ClaimVerdict.Future, aggregation.Submit(AClaim().For(1, "review").Build()));
        Assert.Equal(ClaimVerdict.Future, aggregation.Submit(AClaim().For(5, "plan").Build()));
        Assert.Equal(ClaimVerdict.Future, aggregation.Submit(AClaim().For(long.MaxValue, "review").Build()));
        Assert.Equal(3, aggregation.Counts.Future);
    }

    [Fact]
    public void A_claim_one_frame_ahead_is_accepted_because_its_frame_may_still_be_on_the_way()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);

        Assert.Equal(ClaimVerdict.Accepted, aggregation.Submit(AClaim().For(4, "plan").Build()));
    }

    [Fact]
    public void Without_tolerance_a_claim_one_frame_ahead_is_future()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { FutureToleranceFrames = 0 });
        Feed(aggregation, 0, 3);

        Assert.Equal(ClaimVerdict.Future, aggregation.Submit(AClaim().For(4, "plan").Build()));
    }

    [Fact]
    public void Before_any_frame_every_claim_is_unknown()
    {
        var aggregation = NewAggregation();

        Assert.Equal(ClaimVerdict.Unknown, aggregation.Submit(AClaim().For(0, "plan").Build()));
    }

    [Fact]
    public void A_claim_for_a_beat_before_the_first_frame_seen_is_unknown()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 9, 10);

        Assert.Equal(ClaimVerdict.Unknown, aggregation.Submit(AClaim().For(8, "review").Build()));
        Assert.Equal(ClaimVerdict.Accepted, aggregation.Submit(AClaim().For(9, "plan").Build()));
    }

    [Fact]
    public void A_claim_for_a_phase_the_cluster_does_not_have_is_unknown()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 1);

        Assert.Equal(ClaimVerdict.Unknown, aggregation.Submit(AClaim().For(0, "execute").Build()));
    }

    [Fact]
    public void A_malformed_claim_is_counted_and_dropped()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 1);

        Assert.Equal(ClaimVerdict.Malformed, aggregation.Submit(null));
        Assert.Equal(ClaimVerdict.Malformed, aggregation.Submit(AClaim().By(null!).Build()));
        Assert.Equal(ClaimVerdict.Malformed, aggregation.Submit(AClaim().Taking(double.NaN).Build()));
        Assert.Equal(3, aggregation.Counts.Malformed);
        Assert.Equal(0, aggregation.Counts.Accepted);
    }

    [Fact]
    public void The_first_claim_of_an_agent_for_a_phase_stands()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);
        Submit(aggregation, AClaim().For(1, "work").In(ClaimState.Done));

        Assert.Equal(ClaimVerdict.Duplicate, aggregation.Submit(AClaim().For(1, "work").In(ClaimState.Failed).Build()));
        var report = Assert.Single(Feed(aggregation, 4, 4, "work"));
        Assert.Equal((1, 1), (report.Claims, report.Done));
    }

    [Fact]
    public void A_full_window_refuses_more_claims_as_overflow()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { MaxClaimsPerWindow = 2 });
        Feed(aggregation, 0, 1);
        Submit(aggregation, AClaim().By("a"));
        Submit(aggregation, AClaim().By("b"));

        Assert.Equal(ClaimVerdict.Overflow, aggregation.Submit(AClaim().By("c").Build()));
    }

    [Fact]
    public void Counts_add_up_every_verdict()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 1);
        Submit(aggregation, AClaim());
        aggregation.Submit(AClaim().Build());
        aggregation.Submit(AClaim().For(9, "plan").Build());
        aggregation.Submit(null);

        Assert.Equal(new ClaimCounts(1, 1, 0, 1, 0, 1, 0), aggregation.Counts);
    }

    [Fact]
    public void Only_the_latest_reports_are_kept_newest_first()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { KeepWindows = 3 });

        var reports = Feed(aggregation, 0, 20, "work");

        Assert.Equal(5, reports.Count);
        Assert.Equal([16L, 12L, 8L], aggregation.Latest(10).Select(r => r.DownbeatIndex));
        Assert.Equal([16L, 12L], aggregation.Latest(2).Select(r => r.DownbeatIndex));
        Assert.Empty(aggregation.Latest(0));
    }

    [Fact]
    public void A_kept_report_is_found_by_its_window_id_and_a_dropped_one_is_not()
    {
        var aggregation = NewAggregation(new WindowAggregatorOptions { KeepWindows = 2 });
        Feed(aggregation, 0, 12, "work");

        Assert.Equal(8, aggregation.Find(WindowId.ForDownbeat(FrameSequence.ClusterId, 8))?.DownbeatIndex);
        Assert.Null(aggregation.Find(WindowId.ForDownbeat(FrameSequence.ClusterId, 0)));
        Assert.Null(aggregation.Find("not-a-window"));
    }

    [Fact]
    public void A_gap_in_the_frames_closes_every_window_it_passes()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);
        Submit(aggregation, AClaim().For(4, "plan"));

        var reports = aggregation.Observe(_frames.Frame(20, "plan"), Now);

        Assert.Equal([0L, 4L], reports.Select(r => r.DownbeatIndex));
    }

    [Fact]
    public void A_frame_with_a_phase_the_cluster_does_not_have_is_ignored()
    {
        var aggregation = NewAggregation();

        var reports = aggregation.Observe(_frames.Frame(0, "plan") with { Phase = "execute" }, Now);

        Assert.Empty(reports);
        Assert.Null(aggregation.CurrentOrdinal);
    }

    [Fact]
    public void A_window_takes_its_tempo_from_its_frames()
    {
        var aggregation = NewAggregation();
        Feed(aggregation, 0, 3);
        var faster = new FrameSequence { TempoBpm = 330 };

        var reports = faster.Through(4, 8, "work").SelectMany(f => aggregation.Observe(f, Now)).ToList();

        Assert.Equal([300m, 330m], reports.Select(r => r.TempoBpm));
    }

    [Fact]
    public void Nonsense_options_are_refused_with_their_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NewAggregation(new WindowAggregatorOptions { KeepWindows = 0 }));

        Assert.Contains("KeepWindows", error.Message);
    }

    private static void Submit(WindowAggregation aggregation, ClaimBuilder claim) =>
        Assert.Equal(ClaimVerdict.Accepted, aggregation.Submit(claim.Build()));
}
