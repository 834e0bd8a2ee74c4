using Akka.Actor;
using Akka.TestKit;
using Backbeat.Consumers;
using Backbeat.Contracts;
using Backbeat.Pulse;
using static Backbeat.Tests.Consumers.ClaimBuilder;

namespace Backbeat.Tests.Consumers;

/// <summary>The aggregator actor with probes as follower, leader and NATS bridge.</summary>
public sealed class WindowAggregatorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FrameSequence _frames = new();
    private readonly TestProbe _follower;
    private readonly TestProbe _leader;
    private readonly TestProbe _sink;

    public WindowAggregatorTests()
    {
        _follower = CreateTestProbe();
        _leader = CreateTestProbe();
        _sink = CreateTestProbe();
    }

    private static PulseSettings Settings => new()
    {
        ClusterId = FrameSequence.ClusterId,
        NodeId = "pulse-000001",
        InitialBpm = 300,
        Bar = FrameSequence.Bar,
        Phases = FrameSequence.Phases,
        MinBpm = 1,
        MaxBpm = 6000,
    };

    private IActorRef StartAggregator(WindowAggregatorOptions? options = null)
    {
        var aggregator = Sys.ActorOf(WindowAggregator.Props(Settings, options ?? new WindowAggregatorOptions(), _follower, _leader, _sink));
        _follower.ExpectMsg<SubscribeBeats>(s => s.Subscriber.Equals(aggregator));
        return aggregator;
    }

    private void Play(IActorRef aggregator, long firstBeat, long lastBeat, string lastPhase = "review")
    {
        foreach (var frame in _frames.Through(firstBeat, lastBeat, lastPhase))
        {
            aggregator.Tell(new Beat(frame, BeatOrigin.Leader));
        }
    }

    [Fact]
    public async Task A_closed_window_is_handed_to_the_bridge_and_kept()
    {
        var aggregator = StartAggregator();
        Play(aggregator, 0, 3);
        aggregator.Tell(AClaim().By("a").For(1, "work").Build());
        aggregator.Tell(AClaim().By("b").For(2, "plan").In(ClaimState.Late).Build());
        Play(aggregator, 4, 4, "work");

        var published = await _sink.ExpectMsgAsync<PublishWindowReport>(Patience);
        Assert.Equal((0L, 2, 2, 0.5), (published.Report.DownbeatIndex, published.Report.Participants, published.Report.Claims, published.Report.DeadlineMissRate!.Value));

        var kept = await aggregator.Ask<WindowReports>(new GetWindows(10), Patience);
        Assert.Equal([published.Report], kept.Reports);
    }

    [Fact]
    public async Task A_window_is_found_by_its_id()
    {
        var aggregator = StartAggregator();
        Play(aggregator, 0, 4, "work");
        var id = WindowId.ForDownbeat(FrameSequence.ClusterId, 0);

        var lookup = await aggregator.Ask<WindowLookup>(new GetWindow(id), Patience);

        Assert.Equal(id, lookup.WindowId);
        Assert.Equal(0, lookup.Report?.DownbeatIndex);
    }

    [Fact]
    public async Task An_unknown_window_id_is_answered_without_a_report()
    {
        var aggregator = StartAggregator();

        var lookup = await aggregator.Ask<WindowLookup>(new GetWindow("0123456789abcdef0123456789abcdef"), Patience);

        Assert.Null(lookup.Report);
    }

    [Fact]
    public async Task The_number_of_windows_asked_for_is_clamped_to_what_is_kept()
    {
        var aggregator = StartAggregator(new WindowAggregatorOptions { KeepWindows = 2 });
        Play(aggregator, 0, 12, "work");

        Assert.Equal(2, (await aggregator.Ask<WindowReports>(new GetWindows(int.MaxValue), Patience)).Reports.Count);
        Assert.Empty((await aggregator.Ask<WindowReports>(new GetWindows(-5), Patience)).Reports);
    }

    [Fact]
    public async Task Bad_claims_are_counted_and_the_aggregator_keeps_working()
    {
        var aggregator = StartAggregator();
        Play(aggregator, 0, 1);
        aggregator.Tell(AClaim().By(null!).Build());
        aggregator.Tell(new MalformedClaim("not JSON"));
        aggregator.Tell(AClaim().For(90, "plan").Build());
        aggregator.Tell(AClaim().For(0, "execute").Build());
        aggregator.Tell(AClaim().For(0, "plan").Build());

        var counts = await aggregator.Ask<ClaimCounts>(GetClaimCounts.Instance, Patience);

        Assert.Equal(new ClaimCounts(Accepted: 1, Malformed: 2, Unknown: 1, Future: 1, Closed: 0, Duplicate: 0, Overflow: 0), counts);
    }

    [Fact]
    public async Task With_adaptive_tempo_off_the_leader_is_never_asked()
    {
        var aggregator = StartAggregator();
        Play(aggregator, 0, 12, "work");
        await aggregator.Ask<WindowReports>(new GetWindows(1), Patience);

        await _leader.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task With_adaptive_tempo_on_a_missed_window_asks_the_leader_to_slow_down()
    {
        var aggregator = StartAggregator(new WindowAggregatorOptions
        {
            Adaptive = new AdaptiveTempoOptions
            {
                Enabled = true,
                Controller = new TempoControllerOptions { SlowDownAfterWindows = 1, MinClaims = 1 },
            },
        });
        Play(aggregator, 0, 3);
        aggregator.Tell(AClaim().For(1, "work").In(ClaimState.Late).Build());
        Play(aggregator, 4, 4, "work");

        await _leader.ExpectMsgAsync<GetTempo>(Patience);
        _leader.Reply(new TempoStatus(300, null, null, null, 270, 330));
        var request = await _leader.ExpectMsgAsync<SetTempo>(Patience);

        Assert.Equal(270m, request.TempoBpm);
        Assert.StartsWith("adaptive tempo: deadline-miss rate 100% above 5%", request.Justification);
    }

    [Fact]
    public async Task It_stops_following_the_beat_when_it_stops()
    {
        var aggregator = StartAggregator();

        await aggregator.GracefulStop(Patience);

        await _follower.ExpectMsgAsync<UnsubscribeBeats>(Patience);
    }
}
