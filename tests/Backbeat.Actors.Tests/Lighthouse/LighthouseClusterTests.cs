using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Backbeat.Lighthouse;
using Backbeat.Pulse;
using Backbeat.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backbeat.Tests.Lighthouse;

[Collection(ClusterCollection.Name)]
public sealed class LighthouseClusterTests : IAsyncLifetime
{
    private IHost _lighthouse = null!;
    private LighthouseOptions _options = null!;
    private readonly List<TestNode> _nodes = [];

    public async Task InitializeAsync()
    {
        _options = new LighthouseOptions { Port = FreePort() };
        _lighthouse = new HostBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(s => s.AddAkka("backbeat", akka => akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend).WithLighthouse(_options)))
            .Build();
        await _lighthouse.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _lighthouse.StopAsync();
        _lighthouse.Dispose();
    }

    [Fact]
    public async Task Backbeat_nodes_join_through_the_lighthouse_and_the_leader_runs_on_a_backbeat_node()
    {
        var seed = Address.Parse(_options.SelfAddress);
        var node = await TestNode.StartAsync(new TestNodeSpec { Bpm = 300, NodeId = "pulse-join01", Join = seed });
        _nodes.Add(node);
        await node.WaitUpAsync();

        var status = await node.LeaderProxy.Ask<LeaderStatus>(GetLeaderStatus.Instance, TimeSpan.FromSeconds(15));

        Assert.Equal("pulse-join01", status.NodeId);
        var lighthouseSystem = _lighthouse.Services.GetRequiredService<ActorSystem>();
        var members = Akka.Cluster.Cluster.Get(lighthouseSystem).State.Members;
        Assert.Contains(members, m => m.Roles.Contains("lighthouse") && m.Address.Equals(seed));
        Assert.Contains(members, m => m.Roles.Contains("backbeat"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
