using Akka.Actor;
using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

/// <summary>
/// A follower that cannot run for a while (a frozen process, a starved dispatcher, here a backlog in its mailbox)
/// finds its silence watchdog and the leader's frames queued one behind the other. The silence it slept through is
/// not the leader's: it must take the leader's frames, not keep the beat itself.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FollowerBacklogTests
{
    // 120 BPM, three phases: a 167 ms phase, a 250 ms silence window.
    private static readonly TimeSpan SilenceWindow = SilenceWatchdog.WindowFor(TimeSpan.FromSeconds(60.0 / 120 / 3));

    // Four silence windows: every frame of a phase or more is queued behind the watchdog, whatever the machine.
    private static readonly TimeSpan HoldUp = SilenceWindow * 4;

    [Fact]
    public async Task A_follower_held_up_by_its_own_backlog_delivers_the_leaders_queued_frames_rather_than_local_ones()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 120, Bar = 4 });
        await node.WaitUpAsync();
        var recorder = await node.RecordAsync();
        await recorder.WaitForAsync(b => b.Count >= 6, TimeSpan.FromSeconds(20));

        var before = recorder.Beats.Count;
        await MailboxBacklog.QueueAsync<DriftStatus>(node.System, node.Follower, GetDrift.Instance, HoldUp);

        await recorder.WaitForAsync(b => b.Count >= before + 12, TimeSpan.FromSeconds(30));
        var received = recorder.Beats.ToList();
        var longestSilence = received.Skip(before - 1).Zip(received.Skip(before), (a, b) => b.ReceivedAt - a.ReceivedAt).Max();

        Assert.True(longestSilence > SilenceWindow, $"the backlog held the follower up for only {longestSilence.TotalMilliseconds:F0} ms, within one silence window: nothing was tested");
        Assert.All(received.Skip(before), r => Assert.Equal(BeatOrigin.Leader, r.Beat.Origin));
        History.AssertDeliveredExactlyOnceInOrder(received.Select(r => r.Beat).ToList(), 3);
        var drift = await node.Follower.Ask<DriftStatus>(GetDrift.Instance, TimeSpan.FromSeconds(10));
        Assert.False(drift.DegradationMode);
    }
}
