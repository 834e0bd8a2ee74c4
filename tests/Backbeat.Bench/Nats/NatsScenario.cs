using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using Backbeat.Contracts;
using Backbeat.Timing;
using HdrHistogram;
using NATS.Client.Core;

namespace Backbeat.Bench.Nats;

/// <summary>
/// Delivery over NATS: a one-node cluster at 120 BPM publishing to a real nats-server on a loopback port.
/// First one subscriber (its own connection): receive time − the frame's timeline instant, p50/p99/max. Then
/// 500 subscriptions to the beat subject (spread over 10 connections, as 10 services with 50 listeners each):
/// for each frame, the instant to the LAST subscription receiving it.
/// </summary>
internal static class NatsScenario
{
    public const decimal Bpm = 120;
    public const double DeliveryTargetMs = 1.0;
    public const double FanoutTargetMs = 5.0;
    public const int FanoutSubscriptions = 500;
    public const int FanoutConnections = 10;

    public static async Task<NatsResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"nats: leader -> nats-server -> subscribers at {Bpm} BPM, 3 phases; one subscriber for {profile.NatsDuration.TotalSeconds:0} s, " +
                         $"then {FanoutSubscriptions} subscriptions on {FanoutConnections} connections for {profile.NatsDuration.TotalSeconds:0} s");
        using var server = await NatsServer.StartAsync(cancellation);
        await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm, Nats = server.Url });
        await node.WaitUpAsync(TimeSpan.FromSeconds(20));
        var timeline = await node.LeaderTimelineAsync(TimeSpan.FromSeconds(20));
        var subject = $"backbeat.{BenchNodeSpec.ClusterId}.beat";

        // A local actor subscriber of the same node, beside the NATS ones: the part of the path before NATS
        // (timer, leader, follower) against the whole.
        var local = new BeatLog(FrameOrdinals.Default);
        await node.SubscribeAsync(node.System.ActorOf(BeatProbe.Props(local), "nats-local-probe"), TimeSpan.FromSeconds(10));

        var delivery = await MeasureAsync(server.Url, subject, timeline, connections: 1, subscriptionsPerConnection: 1, profile.NatsDuration, cancellation);
        var localPath = LocalPath(timeline, local.Snapshot(), delivery.First, delivery.Last);
        output.WriteLine($"  delivery: {delivery.Frames} frames, {delivery.Incomplete} not received; instant -> subscriber p50 {delivery.P50Ms:0.000} ms, " +
                         $"p99 {delivery.P99Ms:0.000} ms, max {delivery.MaxMs:0.000} ms (target p99 <= {DeliveryTargetMs} ms: {Verdict(delivery, DeliveryTargetMs)}); " +
                         $"{delivery.Gc.Collections} GCs, {delivery.Gc.PausedMs:0.0} ms paused");
        output.WriteLine($"  same frames at a local actor subscriber of the node (timer, leader, follower; no NATS): p50 {localPath.P50Ms:0.000} ms, p99 {localPath.P99Ms:0.000} ms, max {localPath.MaxMs:0.000} ms");

        var fanout = await MeasureAsync(server.Url, subject, timeline, FanoutConnections, FanoutSubscriptions / FanoutConnections, profile.NatsDuration, cancellation);
        output.WriteLine($"  fan-out: {fanout.Frames} frames, {fanout.Incomplete} not received by all {FanoutSubscriptions}; instant -> last subscription " +
                         $"p50 {fanout.P50Ms:0.000} ms, p99 {fanout.P99Ms:0.000} ms, max {fanout.MaxMs:0.000} ms; instant -> first p99 {fanout.ToFirstP99Ms:0.000} ms " +
                         $"(target p99 <= {FanoutTargetMs} ms: {Verdict(fanout, FanoutTargetMs)}); {fanout.Gc.Collections} GCs, {fanout.Gc.PausedMs:0.0} ms paused");
        return new NatsResult(delivery, fanout, localPath);
    }

    private static LocalPathLateness LocalPath(Timeline timeline, IReadOnlyList<ReceivedBeat> beats, long first, long last)
    {
        var histogram = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        foreach (var beat in beats.Where(b => b.Ordinal >= first && b.Ordinal <= last))
        {
            histogram.RecordValue(Math.Clamp(FrameOrdinals.LatenessTicks(timeline, beat.Ordinal, beat.ReceivedUtcTicks), 0, histogram.HighestTrackableValue));
        }

        return new LocalPathLateness(Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), Ms(histogram.GetMaxValue()));
    }

    private static string Verdict(NatsMeasurement m, double target) => m.P99Ms <= target && m.Incomplete == 0 ? "met" : "MISSED";

    private static async Task<NatsMeasurement> MeasureAsync(
        string url, string subject, Timeline timeline, int connections, int subscriptionsPerConnection, TimeSpan duration, CancellationToken cancellation)
    {
        var total = connections * subscriptionsPerConnection;
        var clients = new List<NatsConnection>();
        var subscriptions = new List<INatsSub<byte[]>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        try
        {
            for (var c = 0; c < connections; c++)
            {
                var connection = new NatsConnection(new NatsOpts { Url = url, Name = $"backbeat-bench-{c}" });
                await connection.ConnectAsync();
                clients.Add(connection);
                for (var s = 0; s < subscriptionsPerConnection; s++)
                {
                    subscriptions.Add(await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cancellation));
                }

                await connection.PingAsync(cancellation);
            }

            // The first frames after subscribing run through cold code in the client; they are not counted.
            var first = timeline.OrdinalAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3)) + 1;
            var last = timeline.OrdinalAt(timeline.InstantOf(first) + duration);
            var collector = new Fanout.FanoutCollector(FrameOrdinals.Default, total, first, last);
            var readers = subscriptions.Select((sub, i) =>
            {
                var sink = collector.SinkFor(i);
                return Task.Run(() => ReadAsync(sub, sink, stop.Token), CancellationToken.None);
            }).ToArray();

            var gcWatch = GcDuring.Start();
            await Task.Delay(timeline.InstantOf(last) + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow, cancellation);
            var gc = gcWatch.Stop();
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            var toLast = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
            var toFirst = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
            long incomplete = 0;
            for (var ordinal = first; ordinal <= last; ordinal++)
            {
                if (collector.CountOf(ordinal) < total)
                {
                    incomplete++;
                    continue;
                }

                var instant = timeline.InstantOf(ordinal).UtcTicks;
                toLast.RecordValue(Math.Clamp(collector.LastReceivedOf(ordinal) - instant, 0, toLast.HighestTrackableValue));
                toFirst.RecordValue(Math.Clamp(collector.FirstReceivedOf(ordinal) - instant, 0, toFirst.HighestTrackableValue));
            }

            return new NatsMeasurement(total, first, last, incomplete, Ms(toLast.GetValueAtPercentile(50)), Ms(toLast.GetValueAtPercentile(99)),
                Ms(toLast.GetMaxValue()), Ms(toFirst.GetValueAtPercentile(99)), gc);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }

            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Stamps each message as soon as the reader gets it, then parses it (the parse is not timed).</summary>
    private static async Task ReadAsync(INatsSub<byte[]> subscription, Fanout.FanoutCollector.Row sink, CancellationToken stop)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(stop))
            {
                var received = DateTimeOffset.UtcNow.UtcTicks;
                if (message.Data is { } data)
                {
                    sink.OnFrame(BeatFrameJson.Parse(data), received);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <param name="Gc">Collections in this process (the node and the subscribers) while the frames were measured.</param>
internal sealed record NatsMeasurement(int Subscriptions, long First, long Last, long Incomplete, double P50Ms, double P99Ms, double MaxMs, double ToFirstP99Ms, GcDuring Gc)
{
    public long Frames => Last - First + 1;
}

/// <param name="LocalPath">The delivery frames at a local actor subscriber of the publishing node: the path up to NATS.</param>
internal sealed record NatsResult(NatsMeasurement Delivery, NatsMeasurement Fanout, LocalPathLateness LocalPath);

internal sealed record LocalPathLateness(double P50Ms, double P99Ms, double MaxMs);
