using System.Text.Json;
using Akka.Actor;
using Backbeat.Contracts;
using Backbeat.Pulse;
using Backbeat.Tests.Nats;

namespace Backbeat.Tests.Cluster;

/// <summary>The leader's frames and control events on a real nats-server, from a real cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NatsPulseTests : IAsyncLifetime
{
    private readonly NatsServerProcess _nats = NatsServerProcess.Start();
    private TestCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _nats.Dispose();
    }

    [Fact]
    public async Task Only_the_leaders_frames_reach_the_beat_subject_once_each_in_order()
    {
        await using var beats = await NatsTestSubscriber.StartAsync(_nats.Url, "backbeat.test-cluster.beat");
        var spec = new TestNodeSpec { Bpm = 300, Nats = _nats.Url };
        await StartAsync(spec with { NodeId = "pulse-nats01" }, spec with { NodeId = "pulse-nats02" });

        var frames = (await beats.TakeAsync(20, TimeSpan.FromSeconds(20))).Select(b => BeatFrameJson.Parse(b)).ToList();

        var ordinals = frames.Select(f => f.BeatIndex * 3 + Array.IndexOf(new[] { "plan", "work", "review" }, f.Phase)).ToList();
        Assert.Equal(ordinals.Distinct().Count(), ordinals.Count);
        Assert.Equal(ordinals.Order(), ordinals);
        Assert.Equal(Enumerable.Range(0, ordinals.Count).Select(i => ordinals[0] + i), ordinals);
    }

    [Fact]
    public async Task Control_events_announce_the_leader_and_a_scheduled_then_applied_tempo()
    {
        await using var control = await NatsTestSubscriber.StartAsync(_nats.Url, "backbeat.test-cluster.control");
        var node = await StartAsync(new TestNodeSpec { Bpm = 600, Bar = 4, Nats = _nats.Url, NodeId = "pulse-ctrl01" });

        var leaderChanged = await NextEventAsync(control, "leader_changed");
        Assert.Equal("pulse-ctrl01", leaderChanged.GetProperty("node_id").GetString());

        var reply = await node.LeaderProxy.Ask<SetTempoResult>(new SetTempo(630, "warming up"), TimeSpan.FromSeconds(10));
        var scheduled = Assert.IsType<TempoScheduled>(reply);
        var scheduledEvent = await NextEventAsync(control, "tempo_scheduled");
        Assert.Equal(630m, scheduledEvent.GetProperty("tempo_bpm").GetDecimal());
        Assert.Equal(scheduled.EffectiveBeatIndex, scheduledEvent.GetProperty("effective_beat_index").GetInt64());
        Assert.Equal("warming up", scheduledEvent.GetProperty("justification").GetString());

        var applied = await NextEventAsync(control, "tempo_applied");
        Assert.Equal(scheduled.EffectiveBeatIndex, applied.GetProperty("beat_index").GetInt64());
    }

    private static async Task<JsonElement> NextEventAsync(NatsTestSubscriber subscriber, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var message = JsonDocument.Parse(await subscriber.NextAsync(deadline - DateTime.UtcNow)).RootElement;
            Assert.Equal("backbeat.control.v1", message.GetProperty("type").GetString());
            if (message.GetProperty("event").GetString() == name)
            {
                return message;
            }
        }

        throw new TimeoutException($"no {name} event");
    }

    private async Task<TestNode> StartAsync(params TestNodeSpec[] specs)
    {
        _cluster = await TestCluster.StartAsync(specs);
        return _cluster[0];
    }
}
