using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Backbeat.Consumers;
using Backbeat.Tests.Nats;
using NATS.Client.Core;

namespace Backbeat.Tests.Consumers;

/// <summary>The claims bridge against a real nats-server on a loopback port.</summary>
public sealed class ClaimsNatsBridgeTests : Akka.TestKit.Xunit2.TestKit
{
    private const string ClusterId = "test-cluster";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly string StatusSubject = ClaimsNatsBridge.StatusSubjectOf(ClusterId);

    private readonly TestProbe _aggregator;

    public ClaimsNatsBridgeTests()
    {
        _aggregator = CreateTestProbe();
    }

    private static NatsOpts ClientOptions(NatsServerProcess server) => NatsOpts.Default with
    {
        Url = server.Url,
        Name = "claims-bridge-test",
        RetryOnInitialConnect = true,
        MaxReconnectRetry = -1,
        ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
        ReconnectWaitMax = TimeSpan.FromMilliseconds(200),
    };

    private IActorRef StartBridge(NatsServerProcess server, IActorRef? aggregator = null) =>
        Sys.ActorOf(ClaimsNatsBridge.Props(ClusterId, ClientOptions(server), aggregator ?? _aggregator));

    private async Task<ClaimsBridgeStatus> AwaitStatusAsync(IActorRef bridge, Func<ClaimsBridgeStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await bridge.Ask<ClaimsBridgeStatus>(GetClaimsBridgeStatus.Instance, Patience);
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"bridge not {what} within {Patience}: {status}");
            }

            await Task.Delay(50);
        }
    }

    private static async Task PublishAsync(NatsServerProcess server, params string[] payloads)
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = server.Url, Name = "outside-service" });
        foreach (var payload in payloads)
        {
            await connection.PublishAsync(StatusSubject, Encoding.UTF8.GetBytes(payload));
        }

        await connection.PingAsync();
    }

    [Fact]
    public async Task A_claim_sent_by_an_outside_service_reaches_the_aggregator()
    {
        using var server = NatsServerProcess.Start();
        var bridge = StartBridge(server);
        await AwaitStatusAsync(bridge, s => s.Subscribed, "subscribed");

        await PublishAsync(server, """{"agent_id":"outside-1","beat_index":40,"phase":"work","state":"done","duration_ms":7.5}""");

        var claim = await _aggregator.ExpectMsgAsync<StatusClaim>(Patience);
        Assert.Equal(new StatusClaim("outside-1", 40, "work", ClaimState.Done, 7.5), claim);
    }

    [Fact]
    public async Task Malformed_payloads_are_counted_reported_and_dropped()
    {
        using var server = NatsServerProcess.Start();
        var bridge = StartBridge(server);
        await AwaitStatusAsync(bridge, s => s.Subscribed, "subscribed");

        await PublishAsync(
            server,
            "not json",
            """{"agent_id":"a","beat_index":-3,"phase":"plan","state":"done","duration_ms":1}""",
            """{"agent_id":"a","beat_index":3,"phase":"plan","state":"done","duration_ms":1}""");

        Assert.Contains("not JSON", (await _aggregator.ExpectMsgAsync<MalformedClaim>(Patience)).Reason);
        Assert.Contains("beat_index", (await _aggregator.ExpectMsgAsync<MalformedClaim>(Patience)).Reason);
        Assert.Equal(3, (await _aggregator.ExpectMsgAsync<StatusClaim>(Patience)).BeatIndex);
        var status = await AwaitStatusAsync(bridge, s => s.Received == 3, "through three payloads");
        Assert.Equal((1L, 2L), (status.Forwarded, status.Malformed));
    }

    [Fact]
    public async Task Window_reports_are_published_as_json_on_the_window_subject()
    {
        using var server = NatsServerProcess.Start();
        var bridge = StartBridge(server);
        await AwaitStatusAsync(bridge, s => s.Subscribed, "subscribed");
        await using var subscriber = await NatsTestSubscriber.StartAsync(server.Url, ClaimsNatsBridge.WindowSubjectOf(ClusterId));
        var report = new WindowReport
        {
            ClusterId = ClusterId,
            WindowId = "0123456789abcdef0123456789abcdef",
            DownbeatIndex = 8,
            Beats = 4,
            TempoBpm = 300,
            ClosedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
            Participants = 0,
            Claims = 0,
            Done = 0,
            Late = 0,
            Failed = 0,
            SlowestAgents = [],
            Phases = [],
        };

        bridge.Tell(new PublishWindowReport(report));

        var payload = Encoding.UTF8.GetString(await subscriber.NextAsync(Patience));
        Assert.Equal(Encoding.UTF8.GetString(WindowReportJson.ToUtf8(report)), payload);
        Assert.StartsWith("""{"type":"backbeat.window.v1","cluster_id":"test-cluster","window_id":"0123456789abcdef0123456789abcdef","downbeat_index":8""", payload);
        await AwaitStatusAsync(bridge, s => s.ReportsPublished == 1, "counting the report");
    }

    [Fact]
    public async Task Bridges_on_several_nodes_share_the_claims_so_each_reaches_the_aggregator_once()
    {
        using var server = NatsServerProcess.Start();
        var first = StartBridge(server);
        var second = StartBridge(server);
        await AwaitStatusAsync(first, s => s.Subscribed, "subscribed");
        await AwaitStatusAsync(second, s => s.Subscribed, "subscribed");

        var payloads = Enumerable.Range(0, 20)
            .Select(i => $$"""{"agent_id":"a","beat_index":{{i}},"phase":"plan","state":"done","duration_ms":1}""")
            .ToArray();
        await PublishAsync(server, payloads);

        var received = new List<long>();
        for (var i = 0; i < payloads.Length; i++)
        {
            received.Add((await _aggregator.ExpectMsgAsync<StatusClaim>(Patience)).BeatIndex);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), received.Order());
        await _aggregator.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_bridge_started_before_the_broker_subscribes_once_it_is_there()
    {
        using var server = NatsServerProcess.Reserve();
        var bridge = StartBridge(server);
        await Task.Delay(300);
        var before = await bridge.Ask<ClaimsBridgeStatus>(GetClaimsBridgeStatus.Instance, Patience);
        Assert.False(before.Connected);
        Assert.False(before.Subscribed);

        server.Restart();
        await AwaitStatusAsync(bridge, s => s.Connected && s.Subscribed, "connected and subscribed after the broker came up");
        await PublishAsync(server, """{"agent_id":"late-riser","beat_index":1,"phase":"plan","state":"done","duration_ms":1}""");

        Assert.Equal("late-riser", (await _aggregator.ExpectMsgAsync<StatusClaim>(Patience)).AgentId);
    }

    [Fact]
    public async Task After_the_broker_restarts_claims_flow_again()
    {
        using var server = NatsServerProcess.Start();
        var bridge = StartBridge(server);
        await AwaitStatusAsync(bridge, s => s.Connected && s.Subscribed, "subscribed");

        server.Kill();
        await AwaitStatusAsync(bridge, s => !s.Connected, "disconnected");
        server.Restart();
        await AwaitStatusAsync(bridge, s => s.Connected, "reconnected");
        await PublishAsync(server, """{"agent_id":"survivor","beat_index":1,"phase":"plan","state":"done","duration_ms":1}""");

        Assert.Equal("survivor", (await _aggregator.ExpectMsgAsync<StatusClaim>(Patience)).AgentId);
    }
}
