using Akka.Actor;
using Akka.Cluster;
using Backbeat.Pulse;
using Xunit.Abstractions;

namespace Backbeat.Tests.Cluster;

/// <summary>Three backbeat nodes on loopback: one emitter, and the timeline survives losing it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private TestCluster _cluster = null!;

    public FailoverTests(ITestOutputHelper output) => _output = output;

    private TestNode First => _cluster[0];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Exactly_one_node_emits()
    {
        await StartClusterAsync(new TestNodeSpec { Bpm = 600 });
        var seen = _cluster.Nodes.Select(n => n.RecordLeaderBeats()).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));

        var all = seen[2].Beats.ToList();
        History.AssertLeaderStreamIsClean(all, 3);
        Assert.Single(all.Select(b => b.LeaderNodeId).Distinct());
        Assert.Equal(First.Spec.NodeId, all[0].LeaderNodeId);
    }

    [Fact]
    public async Task A_stopped_leader_is_replaced_and_the_timeline_continues()
    {
        await StartClusterAsync(new TestNodeSpec { Bpm = 120 });
        var survivor = _cluster[2];
        var stream = survivor.RecordLeaderBeats();
        var delivered = await survivor.RecordAsync();
        await WaitForLeaderBeatsAsync(stream, 6);

        await First.StopGracefullyAsync();
        await WaitUntilAsync(() => stream.Beats.Any(b => b.LeaderNodeId != First.Spec.NodeId), TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var beats = stream.Beats.ToList();
        History.AssertLeaderStreamIsClean(beats, 3);
        await WaitForTimelineAnnouncementAsync(stream);
        History.AssertOneTimelineOrigin(stream);
        History.AssertDeliveredExactlyOnceInOrder(delivered.Snapshot(), 3);
        _output.WriteLine($"largest gap in the leader stream: {History.LargestGap(beats)} frames");
    }

    [Fact]
    public async Task A_graceful_leave_of_the_leader_misses_at_most_one_frame()
    {
        // 60 BPM: a phase lasts 333 ms, the window a graceful hand-over has to finish in.
        await StartClusterAsync(new TestNodeSpec { Bpm = 60 });
        var stream = _cluster[2].RecordLeaderBeats();
        await WaitForLeaderBeatsAsync(stream, 4);

        await First.Cluster.LeaveAsync();
        await WaitUntilAsync(() => stream.Beats.Any(b => b.LeaderNodeId != First.Spec.NodeId), TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var beats = stream.Beats.ToList();
        History.AssertLeaderStreamIsClean(beats, 3);
        await WaitForTimelineAnnouncementAsync(stream);
        History.AssertOneTimelineOrigin(stream);
        var gap = History.LargestGap(beats);
        _output.WriteLine($"frames missed during the hand-over: {gap}");
        Assert.InRange(gap, 0, 1);
    }

    [Fact]
    public async Task A_crashed_leader_is_downed_and_another_node_continues_the_timeline()
    {
        await StartClusterAsync(new TestNodeSpec { Bpm = 120, Throttled = true });
        var survivor = _cluster[2];
        var stream = survivor.RecordLeaderBeats();
        var delivered = await survivor.RecordAsync();
        await WaitForLeaderBeatsAsync(stream, 6);

        var events = ClusterEventRecorder.Start(survivor);

        // A crash as the others see it: the leader's node goes silent at once.
        var crashedAt = DateTimeOffset.UtcNow;
        await Partitions.BlackholeAsync(First, _cluster[1]);
        await Partitions.BlackholeAsync(First, _cluster[2]);
        await WaitUntilAsync(() => stream.Beats.Any(b => b.LeaderNodeId != First.Spec.NodeId), TimeSpan.FromSeconds(30));
        var firstNewAt = DateTimeOffset.UtcNow;
        var firstNew = stream.Beats.First(b => b.LeaderNodeId != First.Spec.NodeId);
        string Since(DateTimeOffset? at) => at is null ? "never" : $"{(at.Value - crashedAt).TotalMilliseconds:0} ms";
        _output.WriteLine($"after the crash: unreachable {Since(events.FirstAbout<ClusterEvent.UnreachableMember>(First.Address))}, " +
                          $"downed {Since(events.FirstAbout<ClusterEvent.MemberDowned>(First.Address))}, " +
                          $"removed {Since(events.FirstAbout<ClusterEvent.MemberRemoved>(First.Address))}, " +
                          $"new leader's first frame seen ≤ {Since(firstNewAt)}");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var beats = stream.Beats.ToList();
        History.AssertLeaderStreamIsClean(beats, 3);
        await WaitForTimelineAnnouncementAsync(stream);
        History.AssertOneTimelineOrigin(stream);
        History.AssertDeliveredExactlyOnceInOrder(delivered.Snapshot(), 3);
        Assert.Contains(delivered.Snapshot(), b => b.Origin == BeatOrigin.Local);
        Assert.NotNull(firstNew);
    }

    [Fact]
    public async Task A_crashed_leader_whose_port_refuses_connections_is_downed_without_waiting_for_the_failure_detector()
    {
        await StartClusterAsync(new TestNodeSpec { Bpm = 120 });
        var survivor = _cluster[2];
        var stream = survivor.RecordLeaderBeats();
        var delivered = await survivor.RecordAsync();
        await WaitForLeaderBeatsAsync(stream, 6);
        // Either survivor's downer may be the first to find the port refusing connections.
        var crashDowns = new[] { new CrashedMemberDownedRecorder(_cluster[1]), new CrashedMemberDownedRecorder(survivor) };
        var events = ClusterEventRecorder.Start(survivor);

        var crashedAt = DateTimeOffset.UtcNow;
        await First.CrashAsync();
        await WaitUntilAsync(() => stream.Beats.Any(b => b.LeaderNodeId != First.Spec.NodeId), TimeSpan.FromSeconds(30));
        string Since(DateTimeOffset? at) => at is null ? "never" : $"{(at.Value - crashedAt).TotalMilliseconds:0} ms";
        _output.WriteLine($"after the crash: downed {Since(events.FirstAbout<ClusterEvent.MemberDowned>(First.Address))}, " +
                          $"removed {Since(events.FirstAbout<ClusterEvent.MemberRemoved>(First.Address))}, new leader's first frame seen ≤ {Since(DateTimeOffset.UtcNow)}");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Contains(First.Address, crashDowns.SelectMany(r => r.Downed));
        var beats = stream.Beats.ToList();
        History.AssertLeaderStreamIsClean(beats, 3);
        await WaitForTimelineAnnouncementAsync(stream);
        History.AssertOneTimelineOrigin(stream);
        History.AssertDeliveredExactlyOnceInOrder(delivered.Snapshot(), 3);
    }

    [Fact]
    public async Task A_tempo_change_accepted_before_a_failover_takes_effect_after_it_at_the_planned_downbeat()
    {
        await StartClusterAsync(new TestNodeSpec { Bpm = 120, Bar = 4 });
        var survivor = _cluster[2];
        var stream = survivor.RecordLeaderBeats();
        await WaitForLeaderBeatsAsync(stream, 3);

        var reply = await survivor.LeaderProxy.Ask<SetTempoResult>(new SetTempo(130, "before failover"), TimeSpan.FromSeconds(10));
        var scheduled = Assert.IsType<TempoScheduled>(reply);
        await First.StopGracefullyAsync();
        await WaitUntilAsync(() => stream.Beats.Any(b => b.Frame.BeatIndex > scheduled.EffectiveBeatIndex), TimeSpan.FromSeconds(30));

        var beats = stream.Beats.ToList();
        History.AssertLeaderStreamIsClean(beats, 3);
        await WaitForTimelineAnnouncementAsync(stream);
        History.AssertOneTimelineOrigin(stream);
        Assert.All(beats.Where(b => b.Frame.BeatIndex < scheduled.EffectiveBeatIndex), b => Assert.Equal(120m, b.Frame.TempoBpm));
        Assert.All(beats.Where(b => b.Frame.BeatIndex >= scheduled.EffectiveBeatIndex), b => Assert.Equal(130m, b.Frame.TempoBpm));
        Assert.Contains(beats, b => b.Frame.BeatIndex >= scheduled.EffectiveBeatIndex && b.LeaderNodeId != First.Spec.NodeId);
    }

    private async Task StartClusterAsync(TestNodeSpec spec) => _cluster = await TestCluster.StartAsync(spec, spec, spec);

    // A failover can outrun the gossip of the recorder's topic subscription to the new leader's node, which then
    // misses its takeover announcement; the next once-a-bar announcement reaches the recorder.
    private static Task WaitForTimelineAnnouncementAsync(LeaderBeatRecorder recorder) =>
        Eventually.WaitUntilAsync(() => !recorder.Timelines.IsEmpty, TimeSpan.FromSeconds(15), "a timeline announcement");

    private static Task WaitForLeaderBeatsAsync(LeaderBeatRecorder recorder, int count) =>
        Eventually.WaitUntilAsync(() => recorder.Beats.Count >= count, TimeSpan.FromSeconds(20), $"{count} leader frames");

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => Eventually.WaitUntilAsync(condition, timeout);
}
