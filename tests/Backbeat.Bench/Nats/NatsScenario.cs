using Backbeat.Bench.Nodes;
using Backbeat.Bench.Suite;
using Backbeat.Timing;
using HdrHistogram;

namespace Backbeat.Bench.Nats;

/// <summary>
/// Delivery over NATS: a one-node cluster at 120 BPM publishing to a real nats-server on a loopback port.
/// First one subscriber (its own connection, in the bench process): receive time − the frame's timeline instant,
/// p50/p99/max. Then 500 subscriptions to the beat subject (spread over 10 connections, as 10 services with 50
/// listeners each; by default in a process of their own, see <see cref="NatsFanoutSetup"/>): for each frame, the
/// instant to the LAST subscription receiving it.
/// </summary>
internal static class NatsScenario
{
    public const decimal Bpm = 120;
    public const double DeliveryTargetMs = 1.0;
    public const double FanoutTargetMs = 5.0;
    public const int FanoutSubscriptions = 500;
    public const int FanoutConnections = 10;

    /// <summary>The delivery subscriber as it has always been measured: in the bench process, byte[] and a full parse.</summary>
    public static NatsFanoutSetup DeliverySetup { get; } = new(SubscriberPlacement.InProcess, NatsReceive.Parse);

    public static Task<NatsResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation) =>
        RunAsync(profile, NatsFanoutSetup.Default, output, cancellation);

    public static async Task<NatsResult> RunAsync(SuiteProfile profile, NatsFanoutSetup fanoutSetup, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"nats: leader -> nats-server -> subscribers at {Bpm} BPM, 3 phases; one subscriber for {profile.NatsDuration.TotalSeconds:0} s, " +
                         $"then {FanoutSubscriptions} subscriptions on {FanoutConnections} connections for {profile.NatsDuration.TotalSeconds:0} s " +
                         $"({Describe(fanoutSetup)})");
        using var server = await NatsServer.StartAsync(cancellation);
        await using var node = await BenchNode.StartAsync(new BenchNodeSpec { Bpm = Bpm, Nats = server.Url });
        await node.WaitUpAsync(TimeSpan.FromSeconds(20));
        var timeline = await node.LeaderTimelineAsync(TimeSpan.FromSeconds(20));
        var subject = $"backbeat.{BenchNodeSpec.ClusterId}.beat";

        // A local actor subscriber of the same node, beside the NATS ones: the part of the path before NATS
        // (timer, leader, follower) against the whole.
        var local = new BeatLog(FrameOrdinals.Default);
        await node.SubscribeAsync(node.System.ActorOf(BeatProbe.Props(local), "nats-local-probe"), TimeSpan.FromSeconds(10));

        NatsMeasurement delivery;
        NatsWireProbe? wire = null;
        await using (var one = await SubscribeAsync(server.Url, subject, connections: 1, perConnection: 1, DeliverySetup, cancellation))
        {
            delivery = await MeasureAsync(one, total: 1, DeliverySetup, timeline, profile.NatsDuration, cancellation,
                (first, last) => wire = NatsWireProbe.Start(server.Port, subject, timeline, first, last));
        }

        var split = wire!.Result();

        var localPath = LocalPath(timeline, local.Snapshot(), delivery.First, delivery.Last);
        output.WriteLine($"  delivery: {delivery.Frames} frames, {delivery.Incomplete} not received; instant -> subscriber p50 {delivery.P50Ms:0.000} ms, " +
                         $"p99 {delivery.P99Ms:0.000} ms, max {delivery.MaxMs:0.000} ms (target p99 <= {DeliveryTargetMs} ms: {Verdict(delivery, DeliveryTargetMs)}); " +
                         $"{delivery.Gc.Collections} GCs, {delivery.Gc.PausedMs:0.0} ms paused");
        output.WriteLine($"  same frames at a local actor subscriber of the node (timer, leader, follower; no NATS): p50 {localPath.P50Ms:0.000} ms, p99 {localPath.P99Ms:0.000} ms, max {localPath.MaxMs:0.000} ms");
        output.WriteLine($"  same frames as their bytes reach a raw socket reader (no client library): p50 {split.NodeP50Ms:0.000} ms, p99 {split.NodeP99Ms:0.000} ms, max {split.NodeMaxMs:0.000} ms; " +
                         $"a PrecisionTimer publishing raw protocol through the same server to it, half a phase later (the path's floor): p50 {split.FloorP50Ms:0.000} ms, " +
                         $"p99 {split.FloorP99Ms:0.000} ms, max {split.FloorMaxMs:0.000} ms; {split.Missing} frames not seen by both");

        NatsMeasurement fanout;
        await using (var many = await SubscribeAsync(server.Url, subject, FanoutConnections, FanoutSubscriptions / FanoutConnections, fanoutSetup, cancellation))
        {
            fanout = await MeasureAsync(many, FanoutSubscriptions, fanoutSetup, timeline, profile.NatsDuration, cancellation);
        }

        var subscriberGc = fanout.SubscriberGc is { } own
            ? $"; subscribers' process {own.Collections} GCs, {own.PausedMs:0.0} ms paused, {own.AllocatedMb:0.0} MB allocated"
            : " (node and subscribers)";
        output.WriteLine($"  fan-out: {fanout.Frames} frames, {fanout.Incomplete} not received by all {FanoutSubscriptions}; instant -> last subscription " +
                         $"p50 {fanout.P50Ms:0.000} ms, p99 {fanout.P99Ms:0.000} ms, max {fanout.MaxMs:0.000} ms; instant -> first p99 {fanout.ToFirstP99Ms:0.000} ms " +
                         $"(target p99 <= {FanoutTargetMs} ms: {Verdict(fanout, FanoutTargetMs)}); bench process {fanout.Gc.Collections} GCs, " +
                         $"{fanout.Gc.PausedMs:0.0} ms paused, {fanout.Gc.AllocatedMb:0.0} MB allocated{subscriberGc}");
        return new NatsResult(delivery, fanout, localPath, split);
    }

    private static string Describe(NatsFanoutSetup setup) => setup.Placement switch
    {
        SubscriberPlacement.ChildProcess => "subscribers in a child process",
        _ => "subscribers in the bench process",
    } + setup.Receive switch
    {
        NatsReceive.Pooled => ", pooled payloads, ordinal read in place",
        NatsReceive.Ordinal => ", ordinal decoded in the client's read loop",
        _ => ", byte[] payloads, full parse",
    };

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

    /// <summary>
    /// One window of frames at the given subscribers: for each frame, its timeline instant to the first and to the
    /// last subscription receiving it, and the collections in this process (and in the subscribers', if their own).
    /// </summary>
    /// <param name="beside">Started for the same window and stopped with it (the delivery's wire probe).</param>
    private static async Task<NatsMeasurement> MeasureAsync(
        IFanoutSubscribers subscribers, int total, NatsFanoutSetup setup, Timeline timeline, TimeSpan duration, CancellationToken cancellation,
        Func<long, long, IAsyncDisposable>? beside = null)
    {
        // The first frames after subscribing run through cold code in the client; they are not counted.
        var first = timeline.OrdinalAt(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3)) + 1;
        var last = timeline.OrdinalAt(timeline.InstantOf(first) + duration);
        await subscribers.RecordAsync(first, last, cancellation);
        var alongside = beside?.Invoke(first, last);
        var gcWatch = GcDuring.Start();
        await Task.Delay(timeline.InstantOf(last) + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow, cancellation);
        var gc = gcWatch.Stop();
        if (alongside is not null)
        {
            await alongside.DisposeAsync();
        }

        var recorded = await subscribers.StopAsync(cancellation);
        var collector = recorded.Stamps;

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

        return new NatsMeasurement(total, setup, first, last, incomplete, Ms(toLast.GetValueAtPercentile(50)), Ms(toLast.GetValueAtPercentile(99)),
            Ms(toLast.GetMaxValue()), Ms(toFirst.GetValueAtPercentile(99)), gc, recorded.SubscriberGc);
    }

    private static async Task<IFanoutSubscribers> SubscribeAsync(
        string url, string subject, int connections, int perConnection, NatsFanoutSetup setup, CancellationToken cancellation) => setup.Placement switch
    {
        SubscriberPlacement.InProcess => await SubscriberFleet.ConnectAsync(url, subject, connections, perConnection, setup.Receive, cancellation),
        SubscriberPlacement.ChildProcess => await SubscriberProcess.StartAsync(url, subject, connections, perConnection, setup.Receive, cancellation),
        _ => throw new ArgumentOutOfRangeException(nameof(setup), setup.Placement, "unknown subscriber placement"),
    };

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <param name="Setup">Where the subscribers ran and how they read their messages.</param>
/// <param name="Gc">Collections in the bench process (the node, and the subscribers if they ran there) while the frames were measured.</param>
/// <param name="SubscriberGc">Collections in the subscribers' own process over the same window; null when they ran in the bench process.</param>
internal sealed record NatsMeasurement(
    int Subscriptions, NatsFanoutSetup Setup, long First, long Last, long Incomplete, double P50Ms, double P99Ms, double MaxMs, double ToFirstP99Ms,
    GcDuring Gc, GcDuring? SubscriberGc)
{
    public long Frames => Last - First + 1;
}

/// <param name="LocalPath">The delivery frames at a local actor subscriber of the publishing node: the path up to NATS.</param>
/// <param name="Wire">The delivery frames at a raw socket reader, beside a raw probe publisher's (see <see cref="NatsWireProbe"/>).</param>
internal sealed record NatsResult(NatsMeasurement Delivery, NatsMeasurement Fanout, LocalPathLateness LocalPath, WireSplit Wire);

internal sealed record LocalPathLateness(double P50Ms, double P99Ms, double MaxMs);
