using Akka.Actor;
using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// Fan-out to local actors: 10,000 subscribers of one node's follower at 120 BPM; for each frame, the time from
/// its timeline instant (when the leader is due to emit it) to the moment the LAST subscriber received it.
/// </summary>
/// <remarks>
/// Beside it, in the same window and process, the bare-Akka baseline (<see cref="AkkaFloorFanner"/>): as many probes
/// again, told by a plain actor on its own timer half a phase after each frame, so the two fan-outs alternate and
/// never overlap. Their first-to-last times set side by side say how much Backbeat adds over Akka's own Tell.
/// </remarks>
internal static class FanoutScenario
{
    public const decimal Bpm = 120;
    public const double P99TargetMs = 5.0;

    public static async Task<FanoutResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        var subscribers = profile.FanoutSubscribers;
        output.WriteLine($"fanout: {subscribers:N0} actor subscribers of one follower, {Bpm} BPM, 3 phases, {profile.FanoutDuration.TotalSeconds:0} s; " +
                         $"beside it {subscribers:N0} probes told by a bare actor half a phase later (the Akka floor)");
        await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm });
        await node.WaitUpAsync(TimeSpan.FromSeconds(20));
        var timeline = await node.LeaderTimelineAsync(TimeSpan.FromSeconds(20));

        // The window starts after the subscriptions are in: allow a few seconds for 2 × 10,000 actors.
        var first = timeline.OrdinalAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(6)) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + profile.FanoutDuration);
        var collector = new FanoutCollector(FrameOrdinals.Default, subscribers, first, last);
        var floorCollector = new FanoutCollector(FrameOrdinals.Default, subscribers, first, last);
        IActorRef lastProbe = ActorRefs.Nobody;
        var floorProbes = new IActorRef[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            lastProbe = node.System.ActorOf(BeatProbe.Props(collector.SinkFor(i)), $"fanout-{i}");
            node.Follower.Tell(new Pulse.SubscribeBeats(lastProbe), lastProbe);
            floorProbes[i] = node.System.ActorOf(BeatProbe.Props(floorCollector.SinkFor(i)), $"floor-{i}");
        }

        // The follower handles its mailbox in order, so once the last subscription is acknowledged all are in.
        await node.SubscribeAsync(lastProbe, TimeSpan.FromSeconds(30));
        if (DateTimeOffset.UtcNow > timeline.InstantOf(first))
        {
            throw new InvalidOperationException("subscribing took longer than the lead time before the measured window");
        }

        // Half a phase after each frame: both fan-outs take milliseconds, a phase is 167 ms, so they alternate.
        var offset = (timeline.InstantOf(first + 1) - timeline.InstantOf(first)) / 2;
        var tellLoop = new TellLoopLog(first, last);
        var warmUp = timeline.OrdinalAt(DateTimeOffset.UtcNow) + 1;
        var floor = node.System.ActorOf(AkkaFloorFanner.Props(floorProbes, timeline, offset, warmUp, last, tellLoop), "akka-floor");

        var end = timeline.InstantOf(last) + offset + TimeSpan.FromSeconds(1);
        var gcWatch = GcDuring.Start();
        await Task.Delay(end - DateTimeOffset.UtcNow, cancellation);
        var gc = gcWatch.Stop();
        node.System.Stop(floor);

        var backbeat = FanoutFigures.Of(collector, subscribers, ordinal => timeline.InstantOf(ordinal).UtcTicks);
        var bare = FanoutFigures.Of(floorCollector, subscribers, ordinal => (timeline.InstantOf(ordinal) + offset).UtcTicks);
        var akkaFloor = new AkkaFloorResult(offset.TotalMilliseconds, bare, tellLoop.WallP50Ms, tellLoop.WallP99Ms, tellLoop.CpuP50Ms,
            Ratio(backbeat.SpreadP50Ms, bare.SpreadP50Ms), Ratio(backbeat.SpreadP99Ms, bare.SpreadP99Ms));
        var result = new FanoutResult(subscribers, backbeat, gc, akkaFloor);
        output.WriteLine($"  {backbeat.Frames} frames, {backbeat.Incomplete} not received by every subscriber; instant -> last subscriber: " +
                         $"p50 {backbeat.P50Ms:0.000} ms, p99 {backbeat.P99Ms:0.000} ms, max {backbeat.MaxMs:0.000} ms " +
                         $"(target p99 <= {P99TargetMs} ms: {(backbeat.P99Ms <= P99TargetMs && backbeat.Incomplete == 0 ? "met" : "MISSED")})");
        output.WriteLine($"  where it goes: instant -> first subscriber p50 {backbeat.ToFirstP50Ms:0.000} ms, p99 {backbeat.ToFirstP99Ms:0.000} ms; " +
                         $"first -> last subscriber p50 {backbeat.SpreadP50Ms:0.000} ms, p99 {backbeat.SpreadP99Ms:0.000} ms; " +
                         $"{gc.Collections} GCs, {gc.PausedMs:0.0} ms paused (both fan-outs)");
        output.WriteLine($"  {"",-28} {"instant->last p50",17} {"p99",8} {"max",8} | {"first->last p50",15} {"p99",8} {"max",8}");
        output.WriteLine($"  {"Backbeat follower",-28} {backbeat.P50Ms,17:0.000} {backbeat.P99Ms,8:0.000} {backbeat.MaxMs,8:0.000} | " +
                         $"{backbeat.SpreadP50Ms,15:0.000} {backbeat.SpreadP99Ms,8:0.000} {backbeat.SpreadMaxMs,8:0.000}");
        output.WriteLine($"  {"bare Akka actor (floor)",-28} {bare.P50Ms,17:0.000} {bare.P99Ms,8:0.000} {bare.MaxMs,8:0.000} | " +
                         $"{bare.SpreadP50Ms,15:0.000} {bare.SpreadP99Ms,8:0.000} {bare.SpreadMaxMs,8:0.000}");
        output.WriteLine($"  Backbeat's first -> last over the floor's: x{akkaFloor.SpreadRatioP50:0.00} at p50, x{akkaFloor.SpreadRatioP99:0.00} at p99; " +
                         $"the floor's {subscribers:N0} Tells took p50 {tellLoop.WallP50Ms:0.000} ms (p99 {tellLoop.WallP99Ms:0.000}), " +
                         $"{(tellLoop.CpuP50Ms is { } cpu ? $"{cpu:0.000} ms of it on the CPU" : "thread CPU unknown")}; " +
                         $"{bare.Incomplete} floor frames incomplete");
        return result;
    }

    private static double? Ratio(double backbeat, double floor) => floor > 0 ? backbeat / floor : null;
}

/// <param name="Figures">Instant to the first and last subscriber, and first to last: the figure that counts is
/// <see cref="FanoutFigures.P99Ms"/>, instant to the last.</param>
/// <param name="AkkaFloor">The bare-Akka baseline measured in the same window, with figures of the same shape.</param>
internal sealed record FanoutResult(int Subscribers, FanoutFigures Figures, GcDuring Gc, AkkaFloorResult AkkaFloor);

/// <param name="OffsetMs">How long after each frame's instant the baseline fans out (half a phase).</param>
/// <param name="Figures">Instant + offset to the first and last probe, and first to last, as for the follower.</param>
/// <param name="TellLoopP50Ms">The baseline actor's loop of Tells alone, wall clock.</param>
/// <param name="TellLoopCpuP50Ms">The same loop in CPU time of its thread (null where unreadable).</param>
/// <param name="SpreadRatioP50">Backbeat's first-to-last over the floor's, at p50.</param>
internal sealed record AkkaFloorResult(
    double OffsetMs,
    FanoutFigures Figures,
    double TellLoopP50Ms,
    double TellLoopP99Ms,
    double? TellLoopCpuP50Ms,
    double? SpreadRatioP50,
    double? SpreadRatioP99);
