using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Backbeat.Contracts;
using Backbeat.Metrics;
using Backbeat.Nats;
using Xunit.Abstractions;

namespace Backbeat.Tests.Nats;

/// <summary>The NATS publisher against a real nats-server on a loopback port (SPEC §2-§3, issue 4).</summary>
public sealed class NatsPublisherTests : Akka.TestKit.Xunit2.TestKit
{
    private const string NodeId = "pulse-c0ffee";

    private readonly ITestOutputHelper _output;

    public NatsPublisherTests(ITestOutputHelper output)
        : base(output: output)
    {
        _output = output;
    }

    /// <summary>Generous on purpose: the machine is shared; the figures that matter are printed.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly string[] SpecFrameFields =
        ["type", "cluster_id", "beat_index", "downbeat", "phase", "hlc", "deadline_at", "tempo_bpm", "window_id"];

    [Fact]
    public async Task Frames_arrive_in_exact_spec_shape_in_order_once_each()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.beat");

        var frames = new BeatFrameSequence().Take(60);
        foreach (var frame in frames)
        {
            publisher.Tell(new PublishBeat(frame));
        }

        var received = await subscriber.TakeAsync(frames.Count, Patience);
        Assert.Equal(frames.Select(f => BeatFrameJson.ToJson(f)), received.Select(Encoding.UTF8.GetString));
        Assert.All(received, payload => Assert.Equal(SpecFrameFields, FieldNames(payload)));
        Assert.Empty(await subscriber.RestAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(frames.Count, (await StatusOf(publisher)).Published);
    }

    [Fact]
    public async Task Control_events_appear_on_the_control_subject_in_spec_shape()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.control");
        ControlEvent[] events =
        [
            new TempoScheduledEvent
            {
                ClusterId = BeatFrameSequence.Cluster,
                Hlc = "18c1f2a3b4d:0001:c123",
                TempoBpm = 13,
                EffectiveBeatIndex = 1032,
                EffectiveAt = new DateTimeOffset(2026, 11, 22, 12, 0, 40, TimeSpan.Zero),
                Justification = "load test",
            },
            new TempoAppliedEvent { ClusterId = BeatFrameSequence.Cluster, Hlc = "18c1f2a3b4e:0000:c123", TempoBpm = 13, BeatIndex = 1032 },
            new LeaderChangedEvent { ClusterId = BeatFrameSequence.Cluster, Hlc = "18c1f2a3b4f:0000:d456", NodeId = "pulse-00d456" },
        ];

        foreach (var controlEvent in events)
        {
            publisher.Tell(new PublishControl(controlEvent));
        }

        var received = await subscriber.TakeAsync(events.Length, Patience);
        Assert.Equal(
            [
                """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"tempo_scheduled","hlc":"18c1f2a3b4d:0001:c123","tempo_bpm":13,"effective_beat_index":1032,"effective_at":"2026-11-22T12:00:40.000Z","justification":"load test"}""",
                """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"tempo_applied","hlc":"18c1f2a3b4e:0000:c123","tempo_bpm":13,"beat_index":1032}""",
                """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"leader_changed","hlc":"18c1f2a3b4f:0000:d456","node_id":"pulse-00d456"}""",
            ],
            received.Select(Encoding.UTF8.GetString));
        Assert.Equal(events, received.Select(payload => ControlEventJson.Parse(payload)));
    }

    [Fact]
    public async Task Broker_killed_and_restarted_breaker_opens_then_closes_and_publishing_resumes()
    {
        using var server = NatsServerProcess.Start();
        using var gauge = new BreakerStateGauge();
        var publisher = StartPublisher(OptionsFor(server), gauge.Metrics);
        var watcher = CreateTestProbe();
        watcher.Watch(publisher);
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");

        var frames = new BeatFrameSequence();
        await using var beating = new BeatDriver(publisher, frames, TimeSpan.FromMilliseconds(20));
        await using (var before = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.beat"))
        {
            await before.NextAsync(Patience);
        }

        server.Kill();
        var down = await AwaitStatusAsync(publisher, s => s.BreakerState == "open" && !s.Connected, "breaker open while the broker is down");
        Assert.True(down.Errors >= 5, $"the breaker opened after {down.Errors} failed publishes, expected at least 5 consecutive");
        Assert.Equal((int)NatsBreakerState.Open, gauge.Read());
        await AwaitStatusAsync(publisher, s => s.Refused > down.Refused, "publishes refused while the breaker is open");

        server.Restart();
        var sinceReturn = Stopwatch.StartNew();
        var firstFresh = frames.Count;
        await using var after = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.beat");
        var first = await FirstFrameFromAsync(after, firstFresh);
        var resumedAfter = sinceReturn.Elapsed;
        var up = await AwaitStatusAsync(publisher, s => s.Connected && s.BreakerState == "closed", "breaker closed again");
        _output.WriteLine($"publishing resumed {resumedAfter.TotalMilliseconds:F0} ms after the broker accepted connections again (first frame emitted after its return: beat {first.BeatIndex} {first.Phase})");

        Assert.True(resumedAfter < Patience, $"publishing resumed only after {resumedAfter}");
        Assert.Equal((int)NatsBreakerState.Closed, gauge.Read());
        Assert.True(up.Published > down.Published, "the same publisher instance kept counting: it was never restarted");
        await watcher.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await errors.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Without_a_broker_at_start_it_runs_reports_disconnected_and_connects_when_the_broker_appears()
    {
        using var server = NatsServerProcess.Reserve();
        var publisher = StartPublisher(OptionsFor(server));
        var watcher = CreateTestProbe();
        watcher.Watch(publisher);
        var frames = new BeatFrameSequence();
        foreach (var frame in frames.Take(10))
        {
            publisher.Tell(new PublishBeat(frame));
        }

        var early = await AwaitStatusAsync(publisher, s => s.Errors + s.Refused == 10, "the early frames failed or refused");
        Assert.True(early.Configured);
        Assert.False(early.Connected);
        Assert.Equal(0, early.Published);

        server.Restart();
        await AwaitStatusAsync(publisher, s => s.Connected, "connected once the broker is there");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.beat");
        await using var beating = new BeatDriver(publisher, frames, TimeSpan.FromMilliseconds(20));
        var first = BeatFrameJson.Parse(await subscriber.NextAsync(Patience));

        Assert.True(first.BeatIndex >= 3, "frames refused while the broker was away are never sent late");
        await watcher.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Connects_under_the_node_id_and_disconnects_when_stopped()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");
        Assert.Contains(NodeId, await server.ConnectionNamesAsync());

        Watch(publisher);
        Sys.Stop(publisher);
        await ExpectTerminatedAsync(publisher);

        await AwaitDisconnectedAsync(server);
    }

    [Fact]
    public async Task A_control_event_queued_just_before_a_stop_still_goes_out()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.control");
        var farewell = new LeaderChangedEvent { ClusterId = BeatFrameSequence.Cluster, Hlc = "18c1f2a3b4f:0000:d456", NodeId = "pulse-00d456" };

        Watch(publisher);
        publisher.Tell(new PublishControl(farewell));
        publisher.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(publisher);

        Assert.Equal(farewell, ControlEventJson.Parse(await subscriber.NextAsync(Patience)));
    }

    [Fact]
    public async Task A_control_event_queued_when_the_node_shuts_down_still_goes_out()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, "backbeat.chorus-aus-01.control");
        var farewell = new LeaderChangedEvent { ClusterId = BeatFrameSequence.Cluster, Hlc = "18c1f2a3b4f:0000:d456", NodeId = "pulse-00d456" };

        publisher.Tell(new PublishControl(farewell));
        await StatusOf(publisher);
        await CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);

        Assert.Equal(farewell, ControlEventJson.Parse(await subscriber.NextAsync(Patience)));
        await AwaitDisconnectedAsync(server);
    }

    [Fact]
    public async Task Without_a_nats_url_it_reports_not_configured_and_ignores_publishes()
    {
        var publisher = StartPublisher(new NatsOptions { ClusterId = BeatFrameSequence.Cluster, ConnectionName = NodeId });
        foreach (var frame in new BeatFrameSequence().Take(5))
        {
            publisher.Tell(new PublishBeat(frame));
        }

        Assert.Equal(
            new NatsStatus(Configured: false, Connected: false, BreakerState: "closed", Published: 0, Dropped: 0, Refused: 0, Errors: 0, LastError: null),
            await StatusOf(publisher));
    }

    [Fact]
    public async Task A_publish_without_a_frame_or_event_is_ignored_and_the_publisher_carries_on()
    {
        using var server = NatsServerProcess.Start();
        var publisher = StartPublisher(OptionsFor(server));
        Watch(publisher);
        await AwaitStatusAsync(publisher, s => s.Connected, "connected");

        publisher.Tell(new PublishBeat(null!));
        publisher.Tell(new PublishControl(null!));
        publisher.Tell(new PublishBeat(new BeatFrameSequence().Next()));

        var status = await AwaitStatusAsync(publisher, s => s.Published == 1, "the good frame published");
        Assert.Equal(0, status.Errors);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private static NatsOptions OptionsFor(NatsServerProcess server) => new()
    {
        ClusterId = BeatFrameSequence.Cluster,
        ConnectionName = NodeId,
        Urls = [server.Url],
    };

    private IActorRef StartPublisher(NatsOptions options, BackbeatMetrics? metrics = null) =>
        Sys.ActorOf(NatsPublisher.Props(options, metrics: metrics), NatsPublisherHostingExtensions.ActorName);

    private static Task<NatsStatus> StatusOf(IActorRef publisher) =>
        publisher.Ask<NatsStatus>(GetNatsStatus.Instance, TimeSpan.FromSeconds(3));

    /// <summary>Polls the status until <paramref name="condition"/> holds; fails with the last status seen.</summary>
    private static async Task<NatsStatus> AwaitStatusAsync(IActorRef publisher, Func<NatsStatus, bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        var status = await StatusOf(publisher);
        while (!condition(status))
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"not {what} within {Patience}; last status {status}");
            }

            await Task.Delay(25);
            status = await StatusOf(publisher);
        }

        return status;
    }

    /// <summary>
    /// The first frame at or after <paramref name="ordinal"/>. Frames the client had buffered when the broker died
    /// reach the new broker first, once each and in order; they show the reconnect, not that publishing resumed.
    /// </summary>
    private static async Task<BeatFrame> FirstFrameFromAsync(NatsTestSubscriber subscriber, long ordinal)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var left = Patience - waited.Elapsed;
            var frame = BeatFrameJson.Parse(await subscriber.NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero));
            if (BeatFrameSequence.OrdinalOf(frame) >= ordinal)
            {
                return frame;
            }
        }
    }

    /// <summary>The server notices a closed client socket a moment after the client has gone.</summary>
    private static async Task AwaitDisconnectedAsync(NatsServerProcess server)
    {
        var waited = Stopwatch.StartNew();
        while ((await server.ConnectionNamesAsync()).Contains(NodeId) && waited.Elapsed < Patience)
        {
            await Task.Delay(25);
        }

        Assert.DoesNotContain(NodeId, await server.ConnectionNamesAsync());
    }

    private static string[] FieldNames(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
    }
}
