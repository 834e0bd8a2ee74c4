using Akka.Actor;
using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using HdrHistogram;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// Fan-out to local actors: 10,000 subscribers of one node's follower at 120 BPM; for each frame, the time from
/// its timeline instant (when the leader is due to emit it) to the moment the LAST subscriber received it.
/// </summary>
internal static class FanoutScenario
{
    public const decimal Bpm = 120;
    public const double P99TargetMs = 5.0;

    public static async Task<FanoutResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        var subscribers = profile.FanoutSubscribers;
        output.WriteLine($"fanout: {subscribers:N0} actor subscribers of one follower, {Bpm} BPM, 3 phases, {profile.FanoutDuration.TotalSeconds:0} s");
        await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm });
        await node.WaitUpAsync(TimeSpan.FromSeconds(20));
        var timeline = await node.LeaderTimelineAsync(TimeSpan.FromSeconds(20));

        // The window starts after the subscriptions are in: allow a few seconds for 10,000 of them.
        var first = timeline.OrdinalAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(4)) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + profile.FanoutDuration);
        var collector = new FanoutCollector(FrameOrdinals.Default, subscribers, first, last);
        IActorRef lastProbe = ActorRefs.Nobody;
        for (var i = 0; i < subscribers; i++)
        {
            lastProbe = node.System.ActorOf(BeatProbe.Props(collector.SinkFor(i)), $"fanout-{i}");
            node.Follower.Tell(new Pulse.SubscribeBeats(lastProbe), lastProbe);
        }

        // The follower handles its mailbox in order, so once the last subscription is acknowledged all are in.
        await node.SubscribeAsync(lastProbe, TimeSpan.FromSeconds(30));
        if (DateTimeOffset.UtcNow > timeline.InstantOf(first))
        {
            throw new InvalidOperationException("subscribing took longer than the lead time before the measured window");
        }

        var end = timeline.InstantOf(last) + TimeSpan.FromSeconds(1);
        var gcWatch = GcDuring.Start();
        await Task.Delay(end - DateTimeOffset.UtcNow, cancellation);
        var gc = gcWatch.Stop();

        var histogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        var toFirstHistogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        var spreadHistogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        long incomplete = 0;
        for (var ordinal = first; ordinal <= last; ordinal++)
        {
            if (collector.CountOf(ordinal) < subscribers)
            {
                incomplete++;
                continue;
            }

            var toLast = collector.LastReceivedOf(ordinal) - timeline.InstantOf(ordinal).UtcTicks;
            histogram.RecordValue(Math.Clamp(toLast, 0, histogram.HighestTrackableValue));
            var toFirst = collector.FirstReceivedOf(ordinal) - timeline.InstantOf(ordinal).UtcTicks;
            toFirstHistogram.RecordValue(Math.Clamp(toFirst, 0, histogram.HighestTrackableValue));
            spreadHistogram.RecordValue(Math.Clamp(collector.LastReceivedOf(ordinal) - collector.FirstReceivedOf(ordinal), 0, histogram.HighestTrackableValue));
        }

        var result = new FanoutResult(subscribers, last - first + 1, incomplete, Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()),
            Ms(toFirstHistogram.GetValueAtPercentile(99)), Ms(spreadHistogram.GetValueAtPercentile(50)), Ms(spreadHistogram.GetValueAtPercentile(99)), gc);
        output.WriteLine($"  {result.Frames} frames, {result.Incomplete} not received by every subscriber; instant -> last subscriber: " +
                         $"p50 {result.P50Ms:0.000} ms, p99 {result.P99Ms:0.000} ms, max {result.MaxMs:0.000} ms " +
                         $"(target p99 <= {P99TargetMs} ms: {(result.P99Ms <= P99TargetMs && incomplete == 0 ? "met" : "MISSED")})");
        output.WriteLine($"  where it goes: instant -> first subscriber p99 {result.ToFirstP99Ms:0.000} ms; first -> last subscriber p50 {result.SpreadP50Ms:0.000} ms, p99 {result.SpreadP99Ms:0.000} ms; " +
                         $"{gc.Collections} GCs, {gc.PausedMs:0.0} ms paused");
        return result;
    }

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <param name="Incomplete">Frames some subscriber never received (left out of the percentiles).</param>
/// <param name="ToFirstP99Ms">p99 from the instant to the FIRST subscriber: the leader-to-follower part.</param>
/// <param name="SpreadP50Ms">From the first subscriber to the last: the fan-out itself.</param>
internal sealed record FanoutResult(int Subscribers, long Frames, long Incomplete, double P50Ms, double P99Ms, double MaxMs, double ToFirstP99Ms, double SpreadP50Ms, double SpreadP99Ms, GcDuring Gc);
