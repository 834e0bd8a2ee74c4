using Backbeat.Consumers;
using FsCheck.Xunit;

namespace Backbeat.Tests.Consumers;

/// <summary>
/// Whatever mix of frames (with gaps) and claims (good, duplicate, early, late, for unknown phases, malformed) the
/// aggregator sees, its books balance. Each case is a seeded random run.
/// </summary>
[Properties(MaxTest = 200)]
public sealed class WindowAggregationProperties
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Agents = ["a", "b", "c", "d"];

    private static readonly string[] ClaimPhases = ["plan", "work", "review", "execute"];

    private sealed record Run(List<WindowReport> Reports, long Submitted, ClaimCounts Counts);

    private static Run Play(int seed, WindowAggregatorOptions options)
    {
        var random = new Random(seed);
        var frames = new FrameSequence();
        var aggregation = new WindowAggregation(FrameSequence.ClusterId, FrameSequence.Phases, FrameSequence.Bar, options);
        var reports = new List<WindowReport>();
        var ordinal = (long)random.Next(0, 40);
        long submitted = 0;
        for (var step = 0; step < 300; step++)
        {
            if (random.NextDouble() < 0.4)
            {
                ordinal += random.NextDouble() < 0.05 ? random.Next(2, 30) : 1;
                reports.AddRange(aggregation.Observe(frames.Frame(ordinal / 3, FrameSequence.Phases[(int)(ordinal % 3)]), Now));
                continue;
            }

            var beat = Math.Max(0, ordinal / 3 + random.Next(-10, 3));
            var claim = random.NextDouble() < 0.05
                ? null
                : new StatusClaim(Agents[random.Next(Agents.Length)], beat, ClaimPhases[random.Next(ClaimPhases.Length)], (ClaimState)random.Next(3), random.Next(0, 200));
            aggregation.Submit(claim);
            submitted++;
        }

        // Run far ahead so that every open window closes.
        ordinal += (FrameSequence.Bar * 3) + options.CloseAfterPhases + 3 * FrameSequence.Bar;
        reports.AddRange(aggregation.Observe(frames.Frame(ordinal / 3, FrameSequence.Phases[(int)(ordinal % 3)]), Now));
        return new Run(reports, submitted, aggregation.Counts);
    }

    [Property]
    public void Every_claim_gets_exactly_one_verdict(int seed)
    {
        var run = Play(seed, new WindowAggregatorOptions());

        var c = run.Counts;
        Assert.Equal(run.Submitted, c.Accepted + c.Malformed + c.Unknown + c.Future + c.Closed + c.Duplicate + c.Overflow);
    }

    [Property]
    public void Every_accepted_claim_appears_in_exactly_one_report(int seed)
    {
        var run = Play(seed, new WindowAggregatorOptions());

        Assert.Equal(run.Counts.Accepted, run.Reports.Sum(r => (long)r.Claims));
    }

    [Property]
    public void Each_window_is_reported_once_in_downbeat_order(int seed)
    {
        var run = Play(seed, new WindowAggregatorOptions());

        var downbeats = run.Reports.Select(r => r.DownbeatIndex).ToList();
        Assert.Equal(downbeats.Distinct().Order(), downbeats);
        Assert.All(downbeats, d => Assert.Equal(0, d % FrameSequence.Bar));
    }

    [Property]
    public void A_report_adds_up(int seed)
    {
        var options = new WindowAggregatorOptions { SlowestAgents = 2 };
        var run = Play(seed, options);

        Assert.All(run.Reports, r =>
        {
            Assert.Equal(r.Claims, r.Done + r.Late + r.Failed);
            Assert.Equal(r.Claims, r.Phases.Sum(p => p.Claims));
            Assert.InRange(r.Participants, r.Claims == 0 ? 0 : 1, Math.Min(r.Claims, Agents.Length));
            Assert.True(r.SlowestAgents.Count <= options.SlowestAgents);
            Assert.Equal(r.SlowestAgents.OrderByDescending(a => a.MeanDurationMs).Select(a => a.MeanDurationMs), r.SlowestAgents.Select(a => a.MeanDurationMs));
            Assert.All(new[] { r.CompletionRate, r.DeadlineMissRate, r.FailureRate }, rate => Assert.True(r.Claims == 0 ? rate is null : rate is >= 0 and <= 1));
            Assert.DoesNotContain(r.Phases, p => p.Phase == "execute");
        });
    }

    [Property]
    public void Reports_never_hold_more_than_the_window_allows(int seed)
    {
        var run = Play(seed, new WindowAggregatorOptions { MaxClaimsPerWindow = 5 });

        Assert.All(run.Reports, r => Assert.True(r.Claims <= 5));
    }
}
