using Akka.Actor;
using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using Backbeat.Pulse;
using Backbeat.Timing;
using HdrHistogram;

namespace Backbeat.Bench.Ceiling;

/// <summary>
/// Tempo ceiling: for each step of the ramp, a fresh one-node cluster whose leader starts at that tempo (a tempo
/// change is capped at ±10% and lands on a downbeat at least 2.5 s ahead, so stepping by SetTempo would take
/// minutes); a subscriber of the node's follower checks that every frame of the step arrives (no ordinal gap)
/// and that the p99 of (receive time − the frame's timeline instant) stays within 1 ms.
/// </summary>
internal static class CeilingScenario
{
    public const double P99TargetMs = 1.0;

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    public static async Task<CeilingResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"ceiling: {profile.CeilingSteps.Count} steps from {profile.CeilingSteps[0]} to {profile.CeilingSteps[^1]} BPM, " +
                         $"{profile.CeilingHold.TotalSeconds:0.#} s held per step, 3 phases, measured at a follower subscriber");
        var steps = new List<CeilingStep>();
        var missingInARow = 0;
        foreach (var bpm in profile.CeilingSteps)
        {
            var step = await RunStepAsync(bpm, profile.CeilingHold, cancellation);
            steps.Add(step);
            output.WriteLine($"  {bpm,6} BPM ({step.PhaseMs:0.###} ms/phase): {step.Expected,6} frames, missed {step.Missed}, local {step.Local}, " +
                             $"p50 {step.P50Ms:0.000} ms, p99 {step.P99Ms:0.000} ms, max {step.MaxMs:0.000} ms (at the leader: p99 {step.LeaderP99Ms:0.000} ms; {step.Gc?.Collections} GCs, {step.Gc?.PausedMs:0.0} ms paused) -> {(step.Held ? "held" : "NOT held")}");
            missingInARow = step.Missed == 0 ? 0 : missingInARow + 1;
            if (missingInARow >= profile.CeilingStopAfterMissingSteps)
            {
                output.WriteLine($"  stopping the ramp after {missingInARow} steps in a row that missed frames");
                break;
            }
        }

        var held = steps.Where(s => s.Held).Select(s => (decimal?)s.Bpm).Max();
        return new CeilingResult(held, steps);
    }

    private static async Task<CeilingStep> RunStepAsync(decimal bpm, TimeSpan hold, CancellationToken cancellation)
    {
        await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = bpm });
        await node.WaitUpAsync(TimeSpan.FromSeconds(20));
        var log = new BeatLog(FrameOrdinals.Default);
        var probe = node.System.ActorOf(BeatProbe.Props(log), "ceiling-probe");
        await node.SubscribeAsync(probe, TimeSpan.FromSeconds(10));
        var timeline = await node.LeaderTimelineAsync(TimeSpan.FromSeconds(20));

        var first = timeline.OrdinalAt(DateTimeOffset.UtcNow + Settle) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + hold);
        await WaitUntilAsync(timeline.InstantOf(first), cancellation);
        var gcWatch = GcDuring.Start();
        await WaitUntilAsync(timeline.InstantOf(last) + TimeSpan.FromMilliseconds(300), cancellation);
        var gc = gcWatch.Stop();
        var leader = await node.LeaderProxy.Ask<LeaderStatus>(GetLeaderStatus.Instance, TimeSpan.FromSeconds(5));
        return Analyse(bpm, timeline, first, last, log.Snapshot(), leader) with { Gc = gc };
    }

    private static CeilingStep Analyse(decimal bpm, Timeline timeline, long first, long last, IReadOnlyList<ReceivedBeat> beats, LeaderStatus leader)
    {
        var histogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        var seen = new HashSet<long>();
        long local = 0, early = 0;
        foreach (var beat in beats.Where(b => b.Ordinal >= first && b.Ordinal <= last))
        {
            if (!seen.Add(beat.Ordinal))
            {
                continue;
            }

            local += beat.Origin == BeatOrigin.Local ? 1 : 0;
            var lateness = FrameOrdinals.LatenessTicks(timeline, beat.Ordinal, beat.ReceivedUtcTicks);
            early += lateness < 0 ? 1 : 0;
            histogram.RecordValue(Math.Clamp(lateness, 0, histogram.HighestTrackableValue));
        }

        var expected = last - first + 1;
        var missed = expected - seen.Count;
        var p99 = Ms(histogram.GetValueAtPercentile(99));
        var phaseMs = (timeline.InstantOf(first + 1) - timeline.InstantOf(first)).TotalMilliseconds;
        return new CeilingStep(bpm, phaseMs, expected, missed, local, early, Ms(histogram.GetValueAtPercentile(50)), p99,
            Ms(histogram.GetMaxValue()), leader.LatenessP99Ms, missed == 0 && p99 <= P99TargetMs);
    }

    private static async Task WaitUntilAsync(DateTimeOffset instant, CancellationToken cancellation)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellation);
        }
    }

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <summary>The highest tempo held (null when none was) and every step's figures.</summary>
internal sealed record CeilingResult(decimal? MaxBpmHeld, IReadOnlyList<CeilingStep> Steps);

/// <param name="LeaderP99Ms">p99 lateness as the leader sees it when it handles the timer's fire (its last 1,024 frames): the part of the subscriber's lateness spent before the frame leaves the leader.</param>
/// <param name="Local">Frames the follower made itself (degradation mode) because the leader's were over 1.5 phases late (3 if the follower's own watchdog ran late).</param>
internal sealed record CeilingStep(decimal Bpm, double PhaseMs, long Expected, long Missed, long Local, long Early, double P50Ms, double P99Ms, double MaxMs, double LeaderP99Ms, bool Held)
{
    /// <summary>Garbage collections in this process during the measured window, and the time all threads stood still for them.</summary>
    public GcDuring? Gc { get; init; }
}
