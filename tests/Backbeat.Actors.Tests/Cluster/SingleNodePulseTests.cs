using Akka.Actor;
using Backbeat.Clocks;
using Backbeat.Contracts;
using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SingleNodePulseTests : IAsyncLifetime
{
    private const int PausedWindowsTolerated = 2;

    /// <summary>A window in which the test process itself could not run for longer than this judges the machine, not the leader.</summary>
    private static readonly TimeSpan PauseSlack = TimeSpan.FromMilliseconds(100);

    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 600, Bar = 4 });
        await _node.WaitUpAsync();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Frames_follow_the_spec_shape_and_sequence()
    {
        var recorder = await _node.RecordAsync();
        await recorder.WaitForAsync(b => b.Count >= 30, TimeSpan.FromSeconds(20));
        var frames = recorder.Snapshot().Select(b => b.Frame).Take(30).ToList();

        var phases = new[] { "plan", "work", "review" };
        for (var i = 1; i < frames.Count; i++)
        {
            var previous = frames[i - 1];
            var frame = frames[i];
            var expectedPhase = (Array.IndexOf(phases, previous.Phase) + 1) % phases.Length;
            Assert.Equal(phases[expectedPhase], frame.Phase);
            Assert.Equal(expectedPhase == 0 ? previous.BeatIndex + 1 : previous.BeatIndex, frame.BeatIndex);
            Assert.True(HlcTimestamp.Parse(frame.Hlc) > HlcTimestamp.Parse(previous.Hlc), $"HLC {frame.Hlc} is not after {previous.Hlc}");
        }

        Assert.All(frames, f =>
        {
            Assert.Equal(BeatFrame.TypeV1, f.Type);
            Assert.Equal("test-cluster", f.ClusterId);
            Assert.Equal(f.BeatIndex % 4 == 0, f.Downbeat);
            Assert.Equal(WindowId.For("test-cluster", f.BeatIndex, 4), f.WindowId);
            Assert.Equal(600m, f.TempoBpm);
        });
    }

    [Fact]
    public async Task A_leader_handing_over_emits_its_next_frame_and_then_stops()
    {
        // 60 BPM, 3 phases: the next frame is always within 333 ms, inside the hand-over's wait limit.
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 60, Bar = 4 });
        await node.WaitUpAsync();
        var stream = node.RecordLeaderBeats();
        await Eventually.WaitUntilAsync(() => stream.Beats.Count >= 2, TimeSpan.FromSeconds(20), "two leader frames");
        var leader = await node.System.ActorSelection("/user/pulse-leader/pulse-leader").ResolveOne(TimeSpan.FromSeconds(5));
        var terminated = TerminationWatcher.Watch(node.System, leader);

        var before = stream.Beats.Last().Ordinal;
        node.LeaderProxy.Tell(HandOverLeadership.Instance);
        await terminated.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var after = stream.Beats.Where(b => b.Ordinal > before).Select(b => b.Ordinal).ToList();
        Assert.Equal([before + 1], after);
    }

    [Fact]
    public async Task Frames_arrive_at_their_timeline_instants_from_the_leader()
    {
        // A slower clock than the other tests': 1.5 phases of silence (the degradation threshold) is 250 ms here,
        // so a busy test machine does not turn a late leader frame into a local one.
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 120, Bar = 4 });
        await node.WaitUpAsync();

        // A brand-new process on a busy machine may stall its first beats while it is still compiling its paths
        // (the follower then rightly covers them locally); the steady beat after the first two is what this checks.
        var warmUp = await node.RecordAsync();
        await warmUp.WaitForAsync(b => b.Count >= 6, TimeSpan.FromSeconds(20));

        var pauses = new List<TimeSpan>();
        for (var window = 0; window < PausedWindowsTolerated + 1; window++)
        {
            using var pauseWatch = ProcessPauseWatch.Start();
            var recorder = await node.RecordAsync();
            await recorder.WaitForAsync(b => b.Count >= 12, TimeSpan.FromSeconds(20));
            if (pauseWatch.Longest > PauseSlack)
            {
                pauses.Add(pauseWatch.Longest);
                continue;
            }

            var received = recorder.Beats.ToList();
            Assert.All(received, r => Assert.Equal(BeatOrigin.Leader, r.Beat.Origin));
            var phase = TimeSpan.FromSeconds(60.0 / 120 / 3);
            Assert.All(received.Skip(1), r =>
            {
                var instant = r.Beat.Frame.DeadlineAt - phase;
                var lateness = r.ReceivedAt - instant;

                // Never before its instant; the upper bound only catches a frame that waited for the next one.
                Assert.InRange(lateness.TotalMilliseconds, -1, 1000);
            });
            return;
        }

        Assert.Fail($"This test process was paused in every window it recorded (longest pauses: {string.Join(", ", pauses.Select(p => $"{p.TotalMilliseconds:F0} ms"))}), so no window could show the leader's timing");
    }

    [Fact]
    public async Task Leader_reports_its_tempo()
    {
        var status = await _node.LeaderProxy.Ask<TempoStatus>(GetTempo.Instance, TimeSpan.FromSeconds(10));

        Assert.Equal(600m, status.CurrentBpm);
        Assert.Null(status.PendingBpm);
    }

    [Fact]
    public async Task An_accepted_tempo_change_lands_on_a_downbeat()
    {
        var recorder = await _node.RecordAsync();
        var reply = await _node.LeaderProxy.Ask<SetTempoResult>(new SetTempo(650, "test"), TimeSpan.FromSeconds(10));

        var scheduled = Assert.IsType<TempoScheduled>(reply);
        Assert.Equal(0, scheduled.EffectiveBeatIndex % 4);
        await recorder.WaitForAsync(b => b.Any(x => x.Frame.BeatIndex >= scheduled.EffectiveBeatIndex + 1), TimeSpan.FromSeconds(20));
        var frames = recorder.Snapshot().Select(b => b.Frame).ToList();
        Assert.All(frames.Where(f => f.BeatIndex < scheduled.EffectiveBeatIndex), f => Assert.Equal(600m, f.TempoBpm));
        Assert.All(frames.Where(f => f.BeatIndex >= scheduled.EffectiveBeatIndex), f => Assert.Equal(650m, f.TempoBpm));
    }

    [Fact]
    public async Task A_tempo_change_beyond_ten_percent_is_refused_with_a_reason()
    {
        var reply = await _node.LeaderProxy.Ask<SetTempoResult>(new SetTempo(700, "too fast"), TimeSpan.FromSeconds(10));

        var refused = Assert.IsType<TempoRefused>(reply);
        Assert.Contains("10%", refused.Reason);
    }

    [Fact]
    public async Task A_leader_steps_back_while_another_leader_with_a_lower_address_emits_and_resumes_after()
    {
        var stream = _node.RecordLeaderBeats();
        await Eventually.WaitUntilAsync(() => stream.Beats.Count >= 3, TimeSpan.FromSeconds(20), "frames from the real leader");
        var mediator = Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.Get(_node.System).Mediator;
        var topic = PulseSettings.From(TestNode.OptionsFor(_node.Spec)).FramesTopic;
        var impostor = new LeaderBeat(stream.Beats.Last().Frame, 0, 1, "pulse-impostor", "akka.tcp://backbeat@127.0.0.0:1");

        // Frames from a leader whose address sorts lower, for 1.5 s; after the first half second the real one is silent.
        int RealFrames() => stream.Beats.Count(b => b.LeaderNodeId == _node.Spec.NodeId);
        var started = DateTime.UtcNow;
        int? atHalfSecond = null;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(1.5))
        {
            mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Publish(topic, impostor));
            await Task.Delay(20);
            if (atHalfSecond is null && DateTime.UtcNow - started > TimeSpan.FromSeconds(0.5))
            {
                atHalfSecond = RealFrames();
            }
        }

        Assert.True(RealFrames() == atHalfSecond, $"the real leader emitted {RealFrames() - atHalfSecond} frames while a leader with a lower address emitted");

        var before = stream.Beats.Count(b => b.LeaderNodeId == _node.Spec.NodeId);
        await Eventually.WaitUntilAsync(() => stream.Beats.Count(b => b.LeaderNodeId == _node.Spec.NodeId) > before + 3, TimeSpan.FromSeconds(10), "the leader resuming");
        History.AssertLeaderStreamIsClean(stream.Beats.Where(b => b.LeaderNodeId == _node.Spec.NodeId).ToList(), 3);
    }
}
