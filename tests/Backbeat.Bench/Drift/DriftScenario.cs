using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using Backbeat.Hosting;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Bench.Drift;

/// <summary>
/// Drift in degradation mode: a two-node cluster (leader on A, follower-only B) at 120 BPM; once B follows the
/// leader, all traffic between them is blackholed with Akka's throttler adapter, so B's follower keeps the beat
/// from the last timeline it knows. The split-brain resolver's stable-after is an hour, so nobody is downed.
/// Drift = mean |receive time at B's subscriber − the frame's timeline instant| / phase length, in percent.
/// Also reported: how the lateness trends over the run (a timer that accumulates error shows a slope; one that
/// sleeps to computed instants does not), and what B's follower itself reports (<see cref="GetDrift"/>).
/// </summary>
internal static class DriftScenario
{
    public const decimal Bpm = 120;
    public const double TargetPercent = 0.01;

    private static readonly FailoverOptions NoDowning = new() { StableAfter = TimeSpan.FromHours(1) };

    public static async Task<DriftResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"drift: follower in degradation mode (leader blackholed) for {profile.DriftDuration.TotalSeconds:0} s at {Bpm} BPM, 3 phases");
        await using var a = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm, Throttled = true, Failover = NoDowning });
        await a.WaitUpAsync(TimeSpan.FromSeconds(20));
        var timeline = await a.LeaderTimelineAsync(TimeSpan.FromSeconds(20));
        await using var b = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm, Throttled = true, Failover = NoDowning, HostsLeader = false, Join = a.Address });
        await b.WaitUpAsync(TimeSpan.FromSeconds(30));

        var log = new BeatLog(FrameOrdinals.Default);
        var probe = b.System.ActorOf(BeatProbe.Props(log), "drift-probe");
        await b.SubscribeAsync(probe, TimeSpan.FromSeconds(10));
        await log.WaitForOrdinalAsync(timeline.OrdinalAt(DateTimeOffset.UtcNow) + 3, TimeSpan.FromSeconds(20), cancellation);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellation); // B's follower asks the leader for the timeline on its first frame

        await BlackholeAsync(a, b);
        await BlackholeAsync(b, a);
        var cutAt = DateTimeOffset.UtcNow;

        // Skip the frames around the cut: the overdue one is delivered late on purpose when degradation starts.
        var first = timeline.OrdinalAt(cutAt + TimeSpan.FromSeconds(2)) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + profile.DriftDuration);
        await Task.Delay(timeline.InstantOf(last) + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow, cancellation);
        var follower = await b.Follower.Ask<DriftStatus>(GetDrift.Instance, TimeSpan.FromSeconds(5));

        var result = Analyse(timeline, first, last, log.Snapshot(), follower);
        output.WriteLine($"  {result.Frames} frames expected, {result.LocalFrames} local, {result.LeaderFrames} from the leader, {result.Missed} missed; " +
                         $"mean |lateness| {result.MeanAbsLatenessMs:0.0000} ms of a {result.PhaseMs:0.###} ms phase = {result.DriftPercent:0.00000}% " +
                         $"(target <= {TargetPercent}%: {(result.DriftPercent <= TargetPercent ? "met" : "MISSED")})");
        output.WriteLine($"  lateness trend {result.TrendMicrosecondsPerMinute:0.000} µs per minute (accumulated error {result.TrendPartsPerMillion:0.0000} ppm); " +
                         $"p99 {result.P99LatenessMs:0.000} ms, max {result.MaxLatenessMs:0.000} ms; " +
                         $"B's follower reports {follower.TimerDriftPercent:0.00000}% (degradation_mode={follower.DegradationMode})");
        return result;
    }

    private static DriftResult Analyse(Timeline timeline, long first, long last, IReadOnlyList<ReceivedBeat> beats, DriftStatus follower)
    {
        var inWindow = beats.Where(x => x.Ordinal >= first && x.Ordinal <= last).GroupBy(x => x.Ordinal).Select(g => g.First()).ToArray();
        var local = inWindow.Where(x => x.Origin == BeatOrigin.Local).ToArray();
        var phaseMs = (timeline.InstantOf(first + 1) - timeline.InstantOf(first)).TotalMilliseconds;
        var lateness = local.Select(x => (double)FrameOrdinals.LatenessTicks(timeline, x.Ordinal, x.ReceivedUtcTicks) / TimeSpan.TicksPerMillisecond).ToArray();
        var meanAbs = lateness.Length == 0 ? double.NaN : lateness.Select(Math.Abs).Average();
        var sorted = lateness.OrderBy(x => x).ToArray();

        // Least-squares slope of lateness (ms) against the frame's instant (minutes since the first frame).
        var t0 = timeline.InstantOf(first);
        var minutes = local.Select(x => (timeline.InstantOf(x.Ordinal) - t0).TotalMinutes).ToArray();
        var slope = Slope(minutes, lateness);
        return new DriftResult(
            last - first + 1,
            local.Length,
            inWindow.Length - local.Length,
            last - first + 1 - inWindow.Length,
            phaseMs,
            meanAbs,
            meanAbs / phaseMs * 100,
            sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * 0.99) - 1)],
            sorted.Length == 0 ? double.NaN : sorted[^1],
            slope * 1000,
            slope / 60_000 * 1e6,
            follower.TimerDriftPercent);
    }

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

    private static async Task BlackholeAsync(BenchNode node, BenchNode peer)
    {
        var provider = (IRemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider;
        var done = await provider.Transport.ManagementCommand(new SetThrottle(peer.Address, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance));
        if (!done)
        {
            throw new InvalidOperationException($"the throttler refused to blackhole {node.Address} -> {peer.Address}");
        }
    }
}

/// <param name="TrendMicrosecondsPerMinute">Slope of the lateness over the run; a drifting timer shows a steady slope.</param>
/// <param name="TrendPartsPerMillion">The same slope as a rate: accumulated error per elapsed time, in ppm.</param>
/// <param name="FollowerReportedPercent">What B's follower answers to GetDrift (SPEC §7 timer_drift_percent).</param>
internal sealed record DriftResult(
    long Frames,
    long LocalFrames,
    long LeaderFrames,
    long Missed,
    double PhaseMs,
    double MeanAbsLatenessMs,
    double DriftPercent,
    double P99LatenessMs,
    double MaxLatenessMs,
    double TrendMicrosecondsPerMinute,
    double TrendPartsPerMillion,
    double FollowerReportedPercent);
