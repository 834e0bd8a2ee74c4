using Akka.Actor;
using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Bench.Drift;

/// <summary>
/// Drift in degradation mode: a two-node cluster at 120 BPM, the leader on A and a follower-only node B. Once B
/// follows the leader (and holds its timeline), A leaves the cluster and stops, so B's follower hears no more
/// frames and keeps the beat from the last timeline it knows (degradation mode), with no leader anywhere.
/// (Blackholing A instead, with both nodes in this process, lets A's remoting buffer frames for B without bound,
/// and that garbage slows B too.)
/// Drift is the error B's clock accumulates against elapsed time (SPEC §10: "timer drift ≤ 1% over an hour without
/// a leader"; 1% loses 36 s an hour): the rate at which the lateness (receive time at B's subscriber − the frame's
/// timeline instant) grows over the run, in percent, computed by <see cref="DriftTrend"/> over every local frame of
/// the run, the same estimator B's follower reports as timer_drift_percent (<see cref="GetDrift"/>). It is a rate,
/// not a per-frame error: the frame-to-frame scatter is reported separately as jitter (mean |lateness| / phase
/// length), with the least-squares slope of the lateness as a second view of the trend.
/// </summary>
internal static class DriftScenario
{
    public const decimal Bpm = 120;
    public const double TargetPercent = 0.01;

    public static async Task<DriftResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"drift: follower in degradation mode (its leader gone) for {profile.DriftDuration.TotalSeconds:0} s at {Bpm} BPM, 3 phases");
        var a = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm });
        Timeline timeline;
        BenchNode b;
        BeatLog log;
        try
        {
            await a.WaitUpAsync(TimeSpan.FromSeconds(20));
            timeline = await a.LeaderTimelineAsync(TimeSpan.FromSeconds(20));
            b = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm, HostsLeader = false, Join = a.Address });
            await b.WaitUpAsync(TimeSpan.FromSeconds(30));
            log = new BeatLog(FrameOrdinals.Default);
            var probe = b.System.ActorOf(BeatProbe.Props(log), "drift-probe");
            await b.SubscribeAsync(probe, TimeSpan.FromSeconds(10));
            await log.WaitForOrdinalAsync(timeline.OrdinalAt(DateTimeOffset.UtcNow) + 3, TimeSpan.FromSeconds(20), cancellation);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation); // B's follower asks the leader for the timeline on its first frame
        }
        finally
        {
            await a.DisposeAsync();
        }

        await using var follower = b;
        var goneAt = DateTimeOffset.UtcNow;

        // Skip the frames around the leader's departure: the overdue one is delivered late on purpose when degradation starts.
        var first = timeline.OrdinalAt(goneAt + TimeSpan.FromSeconds(2)) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + profile.DriftDuration);
        await Task.Delay(timeline.InstantOf(last) + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow, cancellation);
        var reported = await b.Follower.Ask<DriftStatus>(GetDrift.Instance, TimeSpan.FromSeconds(5));

        var result = Analyse(timeline, first, last, log.Snapshot(), reported);
        output.WriteLine($"  {result.Frames} frames expected, {result.LocalFrames} local, {result.LeaderFrames} from a leader, {result.Missed} missed; " +
                         $"drift (accumulated error / elapsed) {result.DriftPercent:0.00000}% (target <= {TargetPercent}%: {(result.DriftPercent <= TargetPercent ? "met" : "MISSED")})");
        output.WriteLine($"  jitter: mean |lateness| {result.MeanAbsLatenessMs:0.0000} ms of a {result.PhaseMs:0.###} ms phase = {result.JitterPercentOfPhase:0.00000}%; " +
                         $"least-squares trend {result.TrendMicrosecondsPerMinute:0.000} µs per minute ({result.TrendPartsPerMillion:0.0000} ppm); " +
                         $"p50 {result.P50LatenessMs:0.000} ms, p99 {result.P99LatenessMs:0.000} ms, max {result.MaxLatenessMs:0.000} ms; " +
                         $"B's follower reports {reported.TimerDriftPercent:0.00000}% (degradation_mode={reported.DegradationMode})");
        return result;
    }

    private static DriftResult Analyse(Timeline timeline, long first, long last, IReadOnlyList<ReceivedBeat> beats, DriftStatus follower)
    {
        var inWindow = beats.Where(x => x.Ordinal >= first && x.Ordinal <= last).GroupBy(x => x.Ordinal).Select(g => g.First()).ToArray();
        var local = inWindow.Where(x => x.Origin == BeatOrigin.Local).OrderBy(x => x.Ordinal).ToArray();
        var phaseMs = (timeline.InstantOf(first + 1) - timeline.InstantOf(first)).TotalMilliseconds;
        var lateness = local.Select(x => (double)FrameOrdinals.LatenessTicks(timeline, x.Ordinal, x.ReceivedUtcTicks) / TimeSpan.TicksPerMillisecond).ToArray();
        var meanAbs = lateness.Length == 0 ? double.NaN : lateness.Select(Math.Abs).Average();
        var sorted = lateness.OrderBy(x => x).ToArray();

        // Least-squares slope of lateness (ms) against the frame's instant (minutes since the first frame).
        var t0 = timeline.InstantOf(first);
        var minutes = local.Select(x => (timeline.InstantOf(x.Ordinal) - t0).TotalMinutes).ToArray();
        var slope = Slope(minutes, lateness);
        var trend = new DriftTrend(Math.Max(DriftTrend.MinimumSamples, local.Length));
        foreach (var beat in local)
        {
            trend.Add(timeline.InstantOf(beat.Ordinal), TimeSpan.FromTicks(FrameOrdinals.LatenessTicks(timeline, beat.Ordinal, beat.ReceivedUtcTicks)));
        }

        return new DriftResult(
            last - first + 1,
            local.Length,
            inWindow.Length - local.Length,
            last - first + 1 - inWindow.Length,
            phaseMs,
            meanAbs,
            meanAbs / phaseMs * 100,
            local.Length < DriftTrend.MinimumSamples ? double.NaN : trend.Percent(),
            Percentile(sorted, 50),
            Percentile(sorted, 99),
            sorted.Length == 0 ? double.NaN : sorted[^1],
            slope * 1000,
            slope / 60_000 * 1e6,
            follower.TimerDriftPercent);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(sorted.Length * p / 100) - 1, 0, sorted.Length - 1)];

    private static double Slope(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return double.NaN;
        }

        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        return sxx == 0 ? double.NaN : sxy / sxx;
    }
}

/// <param name="JitterPercentOfPhase">Mean |lateness| / phase length: how far single frames stray, not how time is kept.</param>
/// <param name="DriftPercent">Accumulated error per elapsed time (<see cref="DriftTrend"/>), the summary's drift_percent.</param>
/// <param name="TrendMicrosecondsPerMinute">Least-squares slope of the lateness over the run; a drifting timer shows a steady slope.</param>
/// <param name="TrendPartsPerMillion">The same slope as a rate: accumulated error per elapsed time, in ppm.</param>
/// <param name="FollowerReportedPercent">What B's follower answers to GetDrift (SPEC §7 timer_drift_percent).</param>
internal sealed record DriftResult(
    long Frames,
    long LocalFrames,
    long LeaderFrames,
    long Missed,
    double PhaseMs,
    double MeanAbsLatenessMs,
    double JitterPercentOfPhase,
    double DriftPercent,
    double P50LatenessMs,
    double P99LatenessMs,
    double MaxLatenessMs,
    double TrendMicrosecondsPerMinute,
    double TrendPartsPerMillion,
    double FollowerReportedPercent);
