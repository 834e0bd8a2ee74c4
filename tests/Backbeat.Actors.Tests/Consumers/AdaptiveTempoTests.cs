using Akka.Actor;
using Akka.TestKit;
using Backbeat.Consumers;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Tests.Consumers;

/// <summary>The adaptive tempo actor between closed windows and a probe leader.</summary>
public sealed class AdaptiveTempoTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestProbe _leader;

    public AdaptiveTempoTests()
    {
        _leader = CreateTestProbe();
    }

    private IActorRef StartAdaptive(TimeSpan? timeout = null) =>
        Sys.ActorOf(AdaptiveTempo.Props(
            new TempoController(new TempoControllerOptions { SlowDownAfterWindows = 1, MinClaims = 1, CooldownWindows = 3 }, new TempoRules(4, 24)),
            _leader,
            timeout ?? Patience));

    private static WindowReport Report(decimal tempo, int late, int done, string id = "w1") => new()
    {
        ClusterId = "test-cluster",
        WindowId = id,
        DownbeatIndex = 0,
        Beats = 4,
        TempoBpm = tempo,
        ClosedAt = DateTimeOffset.UtcNow,
        Participants = 1,
        Claims = late + done,
        Done = done,
        Late = late,
        Failed = 0,
        CompletionRate = (double)done / (late + done),
        DeadlineMissRate = (double)late / (late + done),
        FailureRate = 0,
        SlowestAgents = [],
        Phases = [],
    };

    private static TempoStatus Status(decimal current, decimal? pending = null) => new(current, pending, null, null, current * 0.9m, current * 1.1m);

    private async Task AnswerTempoAsync(TempoStatus status)
    {
        await _leader.ExpectMsgAsync<GetTempo>(Patience);
        _leader.Reply(status);
    }

    [Fact]
    public async Task A_window_within_bounds_changes_nothing()
    {
        var adaptive = StartAdaptive();

        adaptive.Tell(Report(12, late: 2, done: 48));
        await AnswerTempoAsync(Status(12));

        await _leader.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        var status = await adaptive.Ask<AdaptiveTempoStatus>(GetAdaptiveTempoStatus.Instance, Patience);
        Assert.Equal(0, status.Requested);
        Assert.Contains("within bounds", status.LastReason);
    }

    [Fact]
    public async Task A_missed_window_becomes_a_tempo_request_carrying_its_reason()
    {
        var adaptive = StartAdaptive();

        adaptive.Tell(Report(12, late: 10, done: 10, id: "abc"));
        await AnswerTempoAsync(Status(12));

        var request = await _leader.ExpectMsgAsync<SetTempo>(Patience);
        Assert.Equal(10.8m, request.TempoBpm);
        Assert.Contains("(last abc)", request.Justification);
        _leader.Reply(new TempoScheduled(10.8m, 16, DateTimeOffset.UtcNow));
        await AwaitAssertAsync(async () => Assert.Equal(1, (await adaptive.Ask<AdaptiveTempoStatus>(GetAdaptiveTempoStatus.Instance, Patience)).Scheduled));
    }

    [Fact]
    public async Task Nothing_is_requested_while_a_change_is_pending()
    {
        var adaptive = StartAdaptive();

        adaptive.Tell(Report(12, late: 10, done: 0));
        await AnswerTempoAsync(Status(12, pending: 13));

        await _leader.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_refused_request_is_tried_again_on_the_next_missed_window()
    {
        var adaptive = StartAdaptive();
        adaptive.Tell(Report(12, late: 10, done: 0, id: "w1"));
        await AnswerTempoAsync(Status(12));
        await _leader.ExpectMsgAsync<SetTempo>(Patience);
        _leader.Reply(new TempoRefused("someone else changed it"));

        adaptive.Tell(Report(12, late: 10, done: 0, id: "w2"));
        await AnswerTempoAsync(Status(12));

        await _leader.ExpectMsgAsync<SetTempo>(Patience);
    }

    [Fact]
    public async Task A_silent_leader_costs_the_window_and_nothing_else()
    {
        var adaptive = StartAdaptive(TimeSpan.FromMilliseconds(200));
        adaptive.Tell(Report(12, late: 10, done: 0, id: "w1"));
        await _leader.ExpectMsgAsync<GetTempo>(Patience);

        adaptive.Tell(Report(12, late: 10, done: 0, id: "w2"));
        await AnswerTempoAsync(Status(12));

        Assert.Equal(10.8m, (await _leader.ExpectMsgAsync<SetTempo>(Patience)).TempoBpm);
    }

    [Fact]
    public async Task Windows_arriving_while_one_is_weighed_wait_their_turn()
    {
        var adaptive = StartAdaptive();
        adaptive.Tell(Report(12, late: 0, done: 10, id: "w1"));
        adaptive.Tell(Report(12, late: 0, done: 10, id: "w2"));

        await AnswerTempoAsync(Status(12));
        await AnswerTempoAsync(Status(12));

        await _leader.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }
}
