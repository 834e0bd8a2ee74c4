using System.Diagnostics.Metrics;
using Akka.Actor;
using Backbeat.Clocks;
using Backbeat.Hosting;
using Backbeat.Metrics;
using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

/// <summary>
/// A leader that could not run for longer than the failure detector's acceptable pause may have been replaced
/// meanwhile; it emits nothing more until a majority of replicas answers it. Here a backlog in its mailbox stands in
/// for the frozen process (the chaos harness freezes real ones with SIGSTOP).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderStallTests
{
    [Fact]
    public async Task A_stalled_leader_that_hears_from_a_majority_catches_up_without_skipping_a_slot()
    {
        using var stalls = new MeterListener();
        long stallCount = 0;
        stalls.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BackbeatMetrics.MeterName && instrument.Name == BackbeatMetrics.LeaderStallsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        stalls.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref stallCount, value));
        stalls.Start();
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 120, Bar = 4 });
        await node.WaitUpAsync();
        var stream = node.RecordLeaderBeats();
        await Eventually.WaitUntilAsync(() => stream.Beats.Count >= 3, TimeSpan.FromSeconds(20), "three leader frames");
        var leader = await LeaderActorAsync(node);

        var before = stream.Beats.Count;
        await MailboxBacklog.QueueAsync<TempoStatus>(node.System, leader, GetTempo.Instance, node.Spec.Failover.AcceptableHeartbeatPause * 6);
        await Eventually.WaitUntilAsync(() => stream.Beats.Count >= before + 15, TimeSpan.FromSeconds(30), "fifteen frames after the stall");

        var beats = stream.Beats.ToList();
        Assert.True(Interlocked.Read(ref stallCount) >= 1, "the leader never counted a stall: the backlog tested nothing");
        Assert.Equal(0, History.LargestGap(beats));
        Assert.Equal(beats.Count, beats.Select(b => b.Ordinal).Distinct().Count());
    }

    [Fact]
    public async Task A_stalled_leader_that_no_majority_answers_emits_nothing_after_its_stall()
    {
        // A patient failure detector, so nothing but the stall check stands between the woken leader and its overdue
        // frames: it has not yet seen the others as unreachable when its backlog ends, and no one is downed.
        var patient = new TestNodeSpec
        {
            Bpm = 120,
            Bar = 4,
            Throttled = true,
            Failover = new FailoverOptions { AcceptableHeartbeatPause = TimeSpan.FromSeconds(1), StableAfter = TimeSpan.FromSeconds(60), CrashProbeTimeout = null },
        };
        await using var cluster = await TestCluster.StartAsync(patient, patient, patient);
        var zombie = cluster[0];
        var stream = zombie.RecordLeaderBeats();
        await Eventually.WaitUntilAsync(() => stream.Beats.Count >= 3, TimeSpan.FromSeconds(20), "three leader frames");
        var leader = await LeaderActorAsync(zombie);

        await Partitions.BlackholeAsync(zombie, cluster[1]);
        await Partitions.BlackholeAsync(zombie, cluster[2]);
        var stallStarted = await MailboxBacklog.QueueAsync<TempoStatus>(zombie.System, leader, GetTempo.Instance, patient.Failover.AcceptableHeartbeatPause * 4);
        await leader.Ask<TempoStatus>(GetTempo.Instance, TimeSpan.FromSeconds(30));
        var stallEnded = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var emitted = stream.Beats.ToList();
        // Healed before the checks, so the nodes leave in order rather than each waiting out its unreachable peers.
        await Partitions.HealAsync(zombie, cluster[1]);
        await Partitions.HealAsync(zombie, cluster[2]);

        Assert.True(stallEnded - stallStarted > patient.Failover.AcceptableHeartbeatPause, $"the backlog held the leader up for only {(stallEnded - stallStarted).TotalMilliseconds:F0} ms: nothing was tested");
        // A frame may leave as the last query is queued (the leader was running until then); none may once the rest of
        // the backlog is worked off.
        var midStall = stallStarted + (stallEnded - stallStarted) / 2;
        var afterStall = emitted.Where(b => EmittedAt(b) > midStall).ToList();
        Assert.True(
            afterStall.Count == 0,
            $"stalled {stallStarted:HH:mm:ss.fff} to {stallEnded:HH:mm:ss.fff}, the leader emitted {string.Join(", ", afterStall.Select(b => $"beat {b.Frame.BeatIndex} {b.Frame.Phase} at {EmittedAt(b):HH:mm:ss.fff}"))}");
    }

    private static Task<IActorRef> LeaderActorAsync(TestNode node) =>
        node.System.ActorSelection($"/user/{BackbeatHostingExtensions.LeaderSingletonName}/{BackbeatHostingExtensions.LeaderSingletonName}").ResolveOne(TimeSpan.FromSeconds(5));

    private static DateTimeOffset EmittedAt(LeaderBeat beat) => DateTimeOffset.FromUnixTimeMilliseconds(HlcTimestamp.Parse(beat.Frame.Hlc).L);
}
