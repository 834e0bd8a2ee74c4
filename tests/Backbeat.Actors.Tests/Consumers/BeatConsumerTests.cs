using Akka.Actor;
using Akka.TestKit;
using Backbeat.Consumers;
using Backbeat.Contracts;
using Backbeat.Pulse;

namespace Backbeat.Tests.Consumers;

/// <summary>The consumer helpers with a probe as follower and a probe as aggregator, on real time with generous deadlines.</summary>
public sealed class BeatConsumerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FrameSequence _frames = new();
    private readonly TestProbe _follower;
    private readonly TestProbe _claims;

    public BeatConsumerTests()
    {
        _follower = CreateTestProbe();
        _claims = CreateTestProbe();
    }

    private static BeatConsumerOptions Options(ConsumerMode mode = ConsumerMode.Pipelined, int capacity = 4, OverflowPolicy overflow = OverflowPolicy.DropOldest) =>
        new() { AgentId = "agent-7", Mode = mode, QueueCapacity = capacity, Overflow = overflow };

    private IActorRef StartConsumer(PhaseHandlers handlers, BeatConsumerOptions? options = null)
    {
        var consumer = Sys.ActorOf(BeatConsumer.Props(options ?? Options(), handlers, _follower, _claims));
        _follower.ExpectMsg<SubscribeBeats>(s => s.Subscriber.Equals(consumer));
        return consumer;
    }

    /// <summary>A frame whose phase ends <paramref name="deadlineIn"/> from now.</summary>
    private Beat BeatOf(long beatIndex, string phase, TimeSpan? deadlineIn = null, BeatOrigin origin = BeatOrigin.Leader) =>
        new(_frames.Frame(beatIndex, phase) with { DeadlineAt = DateTimeOffset.UtcNow + (deadlineIn ?? TimeSpan.FromSeconds(5)) }, origin);

    private async Task<StatusClaim> NextClaimAsync() => await _claims.ExpectMsgAsync<StatusClaim>(Patience);

    [Fact]
    public void A_consumer_subscribes_itself_to_the_follower()
    {
        StartConsumer(new PhaseHandlers().On("plan", (_, _) => { }));
    }

    [Fact]
    public async Task A_phase_handled_in_time_is_claimed_done_with_its_duration()
    {
        var consumer = StartConsumer(new PhaseHandlers().On("work", async (_, deadline) => await Task.Delay(30, deadline)));

        consumer.Tell(BeatOf(12, "work"));

        var claim = await NextClaimAsync();
        Assert.Equal(("agent-7", 12L, "work", ClaimState.Done), (claim.AgentId, claim.BeatIndex, claim.Phase, claim.State));
        Assert.InRange(claim.DurationMs, 25, 5000);
    }

    [Fact]
    public async Task The_handler_receives_the_frame()
    {
        var seen = new TaskCompletionSource<BeatFrame>();
        var consumer = StartConsumer(new PhaseHandlers().On("plan", (frame, _) => { seen.TrySetResult(frame); }));
        var beat = BeatOf(3, "plan");

        consumer.Tell(beat);

        Assert.Equal(beat.Frame, await seen.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task The_token_is_cancelled_at_the_deadline_and_the_phase_is_claimed_late()
    {
        var consumer = StartConsumer(new PhaseHandlers().On("work", async (_, deadline) => await Task.Delay(Timeout.Infinite, deadline)));

        consumer.Tell(BeatOf(1, "work", TimeSpan.FromMilliseconds(300)));

        // The handler would wait forever: a claim at all means the deadline cut it off.
        var claim = await NextClaimAsync();
        Assert.Equal(ClaimState.Late, claim.State);
        Assert.InRange(claim.DurationMs, 0, 5000);
    }

    [Fact]
    public async Task A_handler_that_ignores_the_deadline_and_finishes_after_it_is_claimed_late()
    {
        var consumer = StartConsumer(new PhaseHandlers().On("work", async (_, _) => await Task.Delay(400)));

        consumer.Tell(BeatOf(1, "work", TimeSpan.FromMilliseconds(100)));

        Assert.Equal(ClaimState.Late, (await NextClaimAsync()).State);
    }

    [Fact]
    public async Task A_handler_that_throws_is_claimed_failed_and_the_consumer_goes_on()
    {
        var consumer = StartConsumer(new PhaseHandlers()
            .On("plan", (_, _) => throw new InvalidOperationException("boom"))
            .On("work", (_, _) => { }));

        consumer.Tell(BeatOf(1, "plan"));
        consumer.Tell(BeatOf(1, "work"));

        var claims = new[] { await NextClaimAsync(), await NextClaimAsync() }.ToDictionary(c => c.Phase, c => c.State);
        Assert.Equal(ClaimState.Failed, claims["plan"]);
        Assert.Equal(ClaimState.Done, claims["work"]);
    }

    [Fact]
    public async Task A_handler_cancelling_for_its_own_reasons_before_the_deadline_is_claimed_failed()
    {
        var consumer = StartConsumer(new PhaseHandlers().On("plan", (_, _) => throw new OperationCanceledException("gave up")));

        consumer.Tell(BeatOf(1, "plan"));

        Assert.Equal(ClaimState.Failed, (await NextClaimAsync()).State);
    }

    [Fact]
    public async Task Phases_without_a_handler_are_neither_processed_nor_claimed()
    {
        var consumer = StartConsumer(new PhaseHandlers().On("work", (_, _) => { }));

        consumer.Tell(BeatOf(1, "plan"));
        consumer.Tell(BeatOf(1, "review"));

        await _claims.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Local_frames_are_processed_unless_the_consumer_opts_out()
    {
        var optedOut = StartConsumer(new PhaseHandlers().On("plan", (_, _) => { }), Options() with { ProcessLocalFrames = false });

        optedOut.Tell(BeatOf(1, "plan", origin: BeatOrigin.Local));
        await _claims.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        var processing = StartConsumer(new PhaseHandlers().On("plan", (_, _) => { }));
        processing.Tell(BeatOf(1, "plan", origin: BeatOrigin.Local));
        Assert.Equal(ClaimState.Done, (await NextClaimAsync()).State);
    }

    [Fact]
    public async Task Pipelined_a_slow_work_phase_does_not_delay_the_next_plan()
    {
        var gate = new TaskCompletionSource();
        var consumer = StartConsumer(new PhaseHandlers()
            .On("plan", (_, _) => { })
            .On("work", async (_, deadline) => await gate.Task.WaitAsync(deadline)));

        consumer.Tell(BeatOf(1, "work"));
        consumer.Tell(BeatOf(2, "plan"));

        var first = await NextClaimAsync();
        Assert.Equal((2L, "plan", ClaimState.Done), (first.BeatIndex, first.Phase, first.State));
        gate.SetResult();
        var second = await NextClaimAsync();
        Assert.Equal((1L, "work", ClaimState.Done), (second.BeatIndex, second.Phase, second.State));
    }

    [Fact]
    public async Task Sequential_phases_run_one_after_another_in_arrival_order()
    {
        var gate = new TaskCompletionSource();
        var consumer = StartConsumer(
            new PhaseHandlers()
                .On("plan", (_, _) => { })
                .On("work", async (_, deadline) => await gate.Task.WaitAsync(deadline)),
            Options(ConsumerMode.Sequential));

        consumer.Tell(BeatOf(1, "work"));
        consumer.Tell(BeatOf(2, "plan"));

        await _claims.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        gate.SetResult();
        Assert.Equal("work", (await NextClaimAsync()).Phase);
        Assert.Equal("plan", (await NextClaimAsync()).Phase);
    }

    [Fact]
    public async Task A_full_queue_dropping_the_oldest_claims_the_dropped_frame_late()
    {
        var gate = new TaskCompletionSource();
        var consumer = StartConsumer(
            new PhaseHandlers().On("work", async (_, deadline) => await gate.Task.WaitAsync(deadline)),
            Options(capacity: 1, overflow: OverflowPolicy.DropOldest));

        consumer.Tell(BeatOf(1, "work")); // runs
        consumer.Tell(BeatOf(2, "work")); // waits
        consumer.Tell(BeatOf(3, "work")); // pushes beat 2 out

        var dropped = await NextClaimAsync();
        Assert.Equal((2L, ClaimState.Late, 0.0), (dropped.BeatIndex, dropped.State, dropped.DurationMs));
        gate.SetResult();
        var next = new[] { (await NextClaimAsync()).BeatIndex, (await NextClaimAsync()).BeatIndex };
        Assert.Equal(new[] { 1L, 3L }, next);
    }

    [Fact]
    public async Task A_full_queue_refusing_the_newest_claims_the_refused_frame_late()
    {
        var gate = new TaskCompletionSource();
        var consumer = StartConsumer(
            new PhaseHandlers().On("work", async (_, deadline) => await gate.Task.WaitAsync(deadline)),
            Options(capacity: 1, overflow: OverflowPolicy.RefuseNewest));

        consumer.Tell(BeatOf(1, "work"));
        consumer.Tell(BeatOf(2, "work"));
        consumer.Tell(BeatOf(3, "work"));

        var refused = await NextClaimAsync();
        Assert.Equal((3L, ClaimState.Late), (refused.BeatIndex, refused.State));
        gate.SetResult();
        var next = new[] { (await NextClaimAsync()).BeatIndex, (await NextClaimAsync()).BeatIndex };
        Assert.Equal(new[] { 1L, 2L }, next);
    }

    [Fact]
    public async Task A_frame_whose_deadline_passed_while_it_waited_is_claimed_late_without_running()
    {
        var gate = new TaskCompletionSource();
        var ran = new List<long>();
        var consumer = StartConsumer(new PhaseHandlers().On("work", async (frame, _) =>
        {
            lock (ran)
            {
                ran.Add(frame.BeatIndex);
            }

            await gate.Task;
        }));

        consumer.Tell(BeatOf(1, "work"));
        consumer.Tell(BeatOf(2, "work", TimeSpan.FromMilliseconds(100)));
        await Task.Delay(300);
        gate.SetResult();

        var claims = new[] { await NextClaimAsync(), await NextClaimAsync() }.ToDictionary(c => c.BeatIndex);
        Assert.Equal(ClaimState.Done, claims[1].State);
        Assert.Equal((ClaimState.Late, 0.0), (claims[2].State, claims[2].DurationMs));
        lock (ran)
        {
            Assert.Equal([1L], ran);
        }
    }

    [Fact]
    public async Task Statistics_count_each_phase_by_state_with_durations()
    {
        var consumer = StartConsumer(new PhaseHandlers()
            .On("plan", async (_, deadline) => await Task.Delay(20, deadline))
            .On("work", async (_, deadline) => await Task.Delay(Timeout.Infinite, deadline)));

        consumer.Tell(BeatOf(1, "plan"));
        consumer.Tell(BeatOf(2, "plan"));
        consumer.Tell(BeatOf(1, "work", TimeSpan.FromMilliseconds(100)));
        for (var i = 0; i < 3; i++)
        {
            await NextClaimAsync();
        }

        var stats = await consumer.Ask<ConsumerStats>(GetConsumerStats.Instance, Patience);
        Assert.Equal("agent-7", stats.AgentId);
        Assert.Equal(["plan", "work"], stats.Phases.Select(p => p.Phase));
        var plan = stats.For("plan")!;
        Assert.Equal((2L, 2L, 0L), (plan.Count, plan.Done, plan.DeadlineMisses));
        Assert.InRange(plan.MeanMs, 15, 5000);
        Assert.True(plan.P50Ms <= plan.P99Ms && plan.P99Ms <= plan.MaxMs);
        var work = stats.For("work")!;
        Assert.Equal((1L, 0L, 1L), (work.Count, work.Done, work.DeadlineMisses));
    }

    [Fact]
    public async Task Without_an_aggregator_a_consumer_keeps_its_own_figures()
    {
        var consumer = Sys.ActorOf(BeatConsumer.Props(Options(), new PhaseHandlers().On("plan", (_, _) => { }), _follower));
        await _follower.ExpectMsgAsync<SubscribeBeats>(Patience);

        consumer.Tell(BeatOf(1, "plan"));

        await AwaitAssertAsync(async () =>
            Assert.Equal(1, (await consumer.Ask<ConsumerStats>(GetConsumerStats.Instance, Patience)).For("plan")?.Done));
    }

    [Fact]
    public void Options_that_make_no_sense_are_refused_with_their_name()
    {
        var handlers = new PhaseHandlers().On("plan", (_, _) => { });

        Assert.Contains("AgentId", Assert.Throws<ArgumentException>(() => BeatConsumer.Props(Options() with { AgentId = "" }, handlers, _follower)).Message);
        Assert.Contains("QueueCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => BeatConsumer.Props(Options(capacity: 0), handlers, _follower)).Message);
    }

    [Fact]
    public void A_phase_gets_one_handler()
    {
        var handlers = new PhaseHandlers().On("plan", (_, _) => { });

        Assert.Throws<ArgumentException>(() => handlers.On("plan", (_, _) => { }));
    }
}
