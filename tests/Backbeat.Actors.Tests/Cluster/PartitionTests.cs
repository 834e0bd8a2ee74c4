using Akka.Actor;
using Akka.Cluster;
using Backbeat.Configuration;
using Backbeat.Hosting;
using Backbeat.Pulse;
using Xunit.Abstractions;

namespace Backbeat.Tests.Cluster;

/// <summary>Traffic cut between nodes with the throttler's blackhole: split-brain resolution, degradation, reconciliation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PartitionTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private TestCluster _cluster = null!;

    public PartitionTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task In_a_two_to_one_partition_the_minority_downs_itself_and_no_frame_has_two_emitters()
    {
        var spec = new TestNodeSpec { Bpm = 120, Throttled = true };
        await StartClusterAsync(spec, spec, spec);
        var majorityView = _cluster[1].RecordLeaderBeats();
        var minorityView = _cluster[0].RecordLeaderBeats();
        await WaitUntilAsync(() => majorityView.Beats.Count >= 6, TimeSpan.FromSeconds(20));

        // The leader (oldest) ends up alone: it must stop leading; the two others elect a new leader.
        await Partitions.BlackholeAsync(_cluster[0], _cluster[1]);
        await Partitions.BlackholeAsync(_cluster[0], _cluster[2]);
        await _cluster[0].System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => majorityView.Beats.Any(b => b.LeaderNodeId != _cluster[0].Spec.NodeId), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Both sides' records together: each frame had one emitter.
        var everything = majorityView.Beats.Concat(minorityView.Beats).ToList();
        var twoEmitters = everything.GroupBy(b => b.Ordinal).Where(g => g.Select(b => b.LeaderNodeId).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(b => $"{b.LeaderNodeId} hlc {b.Frame.Hlc}"))}").ToList();
        Assert.True(twoEmitters.Count == 0, "frames with two emitters: " + string.Join("; ", twoEmitters));
        History.AssertLeaderStreamIsClean(majorityView.Beats.ToList(), 3);
        History.AssertOneTimelineOrigin(majorityView);
        Assert.Equal(MemberStatus.Up, _cluster[1].Cluster.State.Members.Single(m => m.Address.Equals(_cluster[1].Address)).Status);
    }

    [Fact]
    public async Task A_cut_off_follower_keeps_the_beat_locally_and_reconciles_without_repeats_or_gaps()
    {
        // Slow failover here, so the partition heals before anyone is downed.
        var patient = new TestNodeSpec { Bpm = 240, Throttled = true, Failover = new FailoverOptions { StableAfter = TimeSpan.FromSeconds(30) } };
        await StartClusterAsync(patient, patient);
        var follower = _cluster[1];
        var delivered = await follower.RecordAsync();
        await delivered.WaitForAsync(b => b.Count >= 6, TimeSpan.FromSeconds(20));

        await Partitions.BlackholeAsync(_cluster[0], follower);
        await delivered.WaitForAsync(b => b.Count(x => x.Origin == BeatOrigin.Local) >= 8, TimeSpan.FromSeconds(20));
        var drift = await follower.Follower.Ask<DriftStatus>(GetDrift.Instance, TimeSpan.FromSeconds(5));
        Assert.True(drift.DegradationMode);

        await Partitions.HealAsync(_cluster[0], follower);
        var localCount = delivered.Snapshot().Count;
        await delivered.WaitForAsync(b => b.Skip(localCount).Count(x => x.Origin == BeatOrigin.Leader) >= 6, TimeSpan.FromSeconds(30));

        var beats = delivered.Snapshot();
        History.AssertDeliveredExactlyOnceInOrder(beats, 3);
        Assert.Contains(beats, b => b.Origin == BeatOrigin.Local);
        Assert.Equal(BeatOrigin.Leader, beats[^1].Origin);
        var after = await follower.Follower.Ask<DriftStatus>(GetDrift.Instance, TimeSpan.FromSeconds(5));
        Assert.False(after.DegradationMode);
        _output.WriteLine($"delivered {beats.Count} frames, {beats.Count(b => b.IsLocal)} of them local; drift {after.TimerDriftPercent:0.###}%");
    }

    [Fact]
    public async Task Another_service_that_joins_the_cluster_receives_frames_without_hosting_a_leader()
    {
        // 120 BPM: a 250 ms silence window, so a loaded test machine does not turn a late leader frame into a local one.
        var leaderSpec = new TestNodeSpec { Bpm = 120 };
        await StartClusterAsync(leaderSpec);
        var service = await _cluster.JoinAsync(new TestNodeSpec { Bpm = 120, HostsLeader = false, Roles = ["billing"] });

        var delivered = await service.RecordAsync();
        await delivered.WaitForAsync(b => b.Count >= 6, TimeSpan.FromSeconds(20));

        Assert.All(delivered.Snapshot(), b => Assert.Equal(BeatOrigin.Leader, b.Origin));
        History.AssertDeliveredExactlyOnceInOrder(delivered.Snapshot(), 3);
        var status = await service.LeaderProxy.Ask<LeaderStatus>(GetLeaderStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(_cluster[0].Spec.NodeId, status.NodeId);
        var unsubscribed = await service.Follower.Ask<Unsubscribed>(new UnsubscribeBeats(ActorRefs.Nobody), TimeSpan.FromSeconds(5));
        Assert.NotNull(unsubscribed);
    }

    private async Task StartClusterAsync(params TestNodeSpec[] specs) => _cluster = await TestCluster.StartAsync(specs);

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => Eventually.WaitUntilAsync(condition, timeout);
}
