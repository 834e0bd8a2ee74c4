using System.Text;
using System.Text.Json;
using Akka.Actor;
using Backbeat.Consumers;
using Backbeat.Contracts;
using Backbeat.Pulse;
using Backbeat.Tests.Cluster;
using Backbeat.Tests.Nats;
using NATS.Client.Core;

namespace Backbeat.Tests.Consumers;

/// <summary>
/// Consumers in a real cluster at 300 BPM (a phase lasts 67 ms): a leader node hosting the window aggregator, and a
/// consumer service on a node of its own that only follows the beat.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConsumerClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestNode> _nodes = [];
    private NatsServerProcess? _nats;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }

        _nats?.Dispose();
    }

    private sealed class SampleKey;

    private sealed class SlowKey;

    private async Task<TestNode> StartLeaderAsync(WindowAggregatorOptions? windows = null, string? nats = null)
    {
        var leader = await TestNode.StartAsync(new TestNodeSpec
        {
            NodeId = "pulse-lead01",
            Bpm = 300,
            Bar = 4,
            Nats = nats,
            Configure = (akka, options) => akka.WithBeatWindows(options, hostsAggregator: true, windows),
        });
        _nodes.Add(leader);
        await leader.WaitUpAsync();
        return leader;
    }

    private async Task<TestNode> StartConsumerNodeAsync(TestNode leader, Action<Akka.Hosting.AkkaConfigurationBuilder, Backbeat.Configuration.BackbeatOptions> consumers)
    {
        var node = await TestNode.StartAsync(new TestNodeSpec
        {
            NodeId = "pulse-cons01",
            Bpm = 300,
            Bar = 4,
            HostsLeader = false,
            Roles = ["consumer"],
            Join = leader.Address,
            Configure = (akka, options) =>
            {
                akka.WithBeatWindows(options, hostsAggregator: false);
                consumers(akka, options);
            },
        });
        _nodes.Add(node);
        await node.WaitUpAsync();
        return node;
    }

    private static async Task<WindowReport> AwaitReportAsync(TestNode node, Func<WindowReport, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        var aggregator = node.Registry.Get<WindowAggregator>();
        IReadOnlyList<WindowReport> seen = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                seen = (await aggregator.Ask<WindowReports>(new GetWindows(100), TimeSpan.FromSeconds(5))).Reports;
                if (seen.FirstOrDefault(condition) is { } report)
                {
                    return report;
                }
            }
            catch (AskTimeoutException)
            {
                // The singleton may still be starting; ask again.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no matching window report within {Patience}; {seen.Count} reports, the newest: {seen.FirstOrDefault()}");
    }

    [Fact]
    public async Task A_sample_service_processes_its_phases_within_deadlines_and_the_window_report_shows_it()
    {
        var leader = await StartLeaderAsync();
        var service = new SampleConsumerService(TimeSpan.FromMilliseconds(10));
        var node = await StartConsumerNodeAsync(leader, (akka, _) =>
            akka.WithBeatConsumer<SampleKey>("sample-service", new BeatConsumerOptions { AgentId = "sample-agent" }, service.Handlers()));

        // A bar whose every phase the service claimed (4 beats × 3 phases), nearly all in time. On a busy machine a
        // bar may come late to the consumer's node and its frames expire unrun; the service must manage some bar.
        var report = await AwaitReportAsync(node, r => r.SlowestAgents.Any(a => a.AgentId == "sample-agent" && a.Claims == 12 && a.Done >= 10));

        var agent = report.SlowestAgents.Single(a => a.AgentId == "sample-agent");
        Assert.Equal(["plan", "work", "review"], report.Phases.Select(p => p.Phase));
        Assert.Equal(0, agent.Failed);
        Assert.Equal(1, report.Participants);
        Assert.Equal(300m, report.TempoBpm);
        Assert.NotEmpty(service.Reviewed);
        Assert.True(service.Processed > 0);

        var stats = await node.Registry.Get<SampleKey>().Ask<ConsumerStats>(GetConsumerStats.Instance, TimeSpan.FromSeconds(5));
        var work = stats.For("work")!;
        Assert.True(work.Count > 0 && work.Done > 0, $"work phase figures: {work}");
        Assert.True(work.P50Ms >= 9, $"work phase p50 {work.P50Ms} ms is shorter than the work itself");
    }

    [Fact]
    public async Task A_slow_agent_shows_as_the_slowest_with_its_misses()
    {
        var leader = await StartLeaderAsync();
        var node = await StartConsumerNodeAsync(leader, (akka, _) =>
        {
            akka.WithBeatConsumer<SampleKey>("quick", new BeatConsumerOptions { AgentId = "quick-agent" }, new SampleConsumerService(TimeSpan.FromMilliseconds(1)).Handlers());

            // Work that takes twice a phase and ignores its deadline: every work phase ends late.
            akka.WithBeatConsumer<SlowKey>("slow", new BeatConsumerOptions { AgentId = "slow-agent" }, new PhaseHandlers().On("work", async (_, _) => await Task.Delay(130)));
        });

        // A bar in which the slow agent's work ran (frames that reach a busy node after their deadline expire unrun).
        var report = await AwaitReportAsync(node, r => r.Participants == 2 && r.SlowestAgents.Any(a => a.AgentId == "slow-agent" && a.Claims == 4 && a.MaxDurationMs >= 100));

        var json = Encoding.UTF8.GetString(WindowReportJson.ToUtf8(report));
        Assert.True(report.SlowestAgents[0].AgentId == "slow-agent", json);
        Assert.True(report.SlowestAgents[0].Late >= 3, json);
        Assert.True(report.DeadlineMissRate > 0, json);
    }

    [Fact]
    public async Task Outside_services_claim_over_nats_and_read_reports_there()
    {
        _nats = NatsServerProcess.Start();
        await StartLeaderAsync(nats: _nats.Url);
        await using var windows = await NatsTestSubscriber.StartAsync(_nats.Url, ClaimsNatsBridge.WindowSubjectOf("test-cluster"));

        // The outside service: claims every frame it sees on the beat subject, as done in 2 ms.
        await using var outside = new NatsConnection(new NatsOpts { Url = _nats.Url, Name = "outside-service" });
        await outside.ConnectAsync();
        using var stop = new CancellationTokenSource();
        var claiming = Task.Run(async () =>
        {
            await foreach (var message in outside.SubscribeAsync<byte[]>("backbeat.test-cluster.beat", cancellationToken: stop.Token))
            {
                var frame = BeatFrameJson.Parse(message.Data!);
                var claim = new StatusClaim("outside-agent", frame.BeatIndex, frame.Phase, ClaimState.Done, 2);
                await outside.PublishAsync(ClaimsNatsBridge.StatusSubjectOf("test-cluster"), StatusClaimJson.ToUtf8(claim), cancellationToken: stop.Token);
            }
        });

        try
        {
            var deadline = DateTime.UtcNow + Patience;
            WindowReport? full = null;
            while (full is null && DateTime.UtcNow < deadline)
            {
                var report = WindowReportJson.Parse(await windows.NextAsync(deadline - DateTime.UtcNow));
                if (report.SlowestAgents.Any(a => a.AgentId == "outside-agent" && a.Claims == 12))
                {
                    full = report;
                }
            }

            Assert.NotNull(full);
            Assert.Equal("test-cluster", full.ClusterId);
            Assert.Equal(WindowId.ForDownbeat("test-cluster", full.DownbeatIndex), full.WindowId);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(claiming, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Adaptive_tempo_slows_an_overloaded_cluster_and_says_why_on_the_control_subject()
    {
        _nats = NatsServerProcess.Start();
        await using var control = await NatsTestSubscriber.StartAsync(_nats.Url, "backbeat.test-cluster.control");
        var leader = await StartLeaderAsync(
            new WindowAggregatorOptions
            {
                Adaptive = new AdaptiveTempoOptions
                {
                    Enabled = true,
                    Controller = new TempoControllerOptions { SlowDownAfterWindows = 2, MinClaims = 3 },
                },
            },
            _nats.Url);
        await StartConsumerNodeAsync(leader, (akka, _) =>
            akka.WithBeatConsumer<SlowKey>("overloaded", new BeatConsumerOptions { AgentId = "overloaded-agent" }, new PhaseHandlers().On("work", async (_, _) => await Task.Delay(130))));

        var scheduled = await NextTempoScheduledAsync(control);

        Assert.Equal(270m, scheduled.GetProperty("tempo_bpm").GetDecimal());
        Assert.StartsWith("adaptive tempo: deadline-miss rate", scheduled.GetProperty("justification").GetString());
        var tempo = await leader.LeaderProxy.Ask<TempoStatus>(GetTempo.Instance, TimeSpan.FromSeconds(10));
        Assert.True(tempo.PendingBpm == 270m || tempo.CurrentBpm == 270m, $"leader tempo: {tempo}");
    }

    [Fact]
    public async Task When_the_aggregators_node_leaves_another_takes_over_and_reports_continue()
    {
        TestNodeSpec Backbeat(string id, Action<Akka.Hosting.AkkaConfigurationBuilder, Backbeat.Configuration.BackbeatOptions>? more = null) => new()
        {
            NodeId = id,
            Bpm = 300,
            Bar = 4,
            Configure = (akka, options) =>
            {
                akka.WithBeatWindows(options, hostsAggregator: true);
                more?.Invoke(akka, options);
            },
        };
        var first = await TestNode.StartAsync(Backbeat("pulse-fail01"));
        _nodes.Add(first);
        await first.WaitUpAsync();
        var second = await TestNode.StartAsync(Backbeat("pulse-fail02") with { Join = first.Address });
        _nodes.Add(second);
        var third = await TestNode.StartAsync(Backbeat("pulse-fail03", (akka, _) =>
            akka.WithBeatConsumer<SampleKey>("sample-service", new BeatConsumerOptions { AgentId = "steady-agent" }, new SampleConsumerService(TimeSpan.FromMilliseconds(5)).Handlers())) with { Join = first.Address });
        _nodes.Add(third);
        await Task.WhenAll(second.WaitUpAsync(), third.WaitUpAsync());
        await AwaitReportAsync(third, r => r.SlowestAgents.Any(a => a.AgentId == "steady-agent"));

        await first.StopGracefullyAsync();
        var stoppedAt = DateTimeOffset.UtcNow;

        // A bar after the hand-over in which the new aggregator counted every phase the service claimed. Whether they
        // were in time depends on how the hand-over went, which the failover tests measure.
        var after = await AwaitReportAsync(third, r => r.ClosedAt > stoppedAt && r.SlowestAgents.Any(a => a.AgentId == "steady-agent" && a.Claims == 12));
        Assert.Equal(0, after.Failed);
    }

    private static async Task<JsonElement> NextTempoScheduledAsync(NatsTestSubscriber control)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var message = JsonDocument.Parse(await control.NextAsync(deadline - DateTime.UtcNow)).RootElement;
            if (message.GetProperty("event").GetString() == "tempo_scheduled")
            {
                return message;
            }
        }

        throw new TimeoutException("no tempo_scheduled event");
    }
}
