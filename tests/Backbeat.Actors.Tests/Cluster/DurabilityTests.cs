using Akka.Actor;
using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class DurabilityTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("backbeat-test-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task The_timeline_survives_a_full_stop_under_the_data_dir()
    {
        var spec = new TestNodeSpec { Bpm = 300, Bar = 4, DataDir = _dataDir };
        TimelineDocument before;
        long lastBeatBeforeStop;
        await using (var node = await TestNode.StartAsync(spec))
        {
            await node.WaitUpAsync();
            var deliveredBefore = await node.RecordAsync();
            var reply = await node.LeaderProxy.Ask<SetTempoResult>(new SetTempo(320, "kept across restarts"), TimeSpan.FromSeconds(10));
            Assert.IsType<TempoScheduled>(reply);
            await WaitForFileRevisionAsync(2);
            before = TimelineDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDir, TimelineFile.FileName)));

            // The origin is the next whole second, so a quick first life could end before beat 0 was even due.
            await deliveredBefore.WaitForAsync(b => b.Count > 0 && b[^1].Frame.BeatIndex >= 4, TimeSpan.FromSeconds(20));
            lastBeatBeforeStop = deliveredBefore.Snapshot()[^1].Frame.BeatIndex;
        }

        // A brand-new cluster (fresh ActorSystem, nothing replicated) on the same data dir.
        await using var restarted = await TestNode.StartAsync(spec with { NodeId = "pulse-again1", Bpm = 200 });
        await restarted.WaitUpAsync();
        var delivered = await restarted.RecordAsync();
        await delivered.WaitForAsync(b => b.Count >= 3, TimeSpan.FromSeconds(20));

        var announced = await restarted.LeaderProxy.Ask<TimelineDocument>(GetTimeline.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(before.Epochs, announced.Epochs);
        Assert.True(announced.Revision >= before.Revision);
        var first = delivered.Snapshot()[0].Frame;
        var timeline = before.ToTimeline();
        Assert.Equal(timeline.TempoOfBeat(first.BeatIndex), first.TempoBpm);
        Assert.True(
            first.BeatIndex > lastBeatBeforeStop,
            $"the restarted cluster must continue the stored timeline past beat {lastBeatBeforeStop}, but its first beat was {first.BeatIndex}");
    }

    [Fact]
    public async Task A_new_cluster_starts_beat_zero_at_the_first_whole_second()
    {
        await using var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 300, DataDir = _dataDir });
        await node.WaitUpAsync();
        await WaitForFileRevisionAsync(1);

        var stored = TimelineDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDir, TimelineFile.FileName)));

        var origin = Assert.Single(stored.Epochs);
        Assert.Equal(0, origin.StartBeatIndex);
        Assert.Equal(0, origin.StartTime.UtcTicks % TimeSpan.TicksPerSecond);
    }

    private async Task WaitForFileRevisionAsync(long revision)
    {
        var path = Path.Combine(_dataDir, TimelineFile.FileName);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!File.Exists(path) || TimelineDocument.Parse(await File.ReadAllTextAsync(path)).Revision < revision)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the data dir never held timeline revision {revision}");
            }

            await Task.Delay(50);
        }
    }
}
