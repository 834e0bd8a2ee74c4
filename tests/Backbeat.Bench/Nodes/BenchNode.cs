using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Backbeat.Configuration;
using Backbeat.Hosting;
using Backbeat.Pulse;
using Backbeat.Timing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backbeat.Bench.Nodes;

/// <summary>
/// A Backbeat node hosted in the bench process the way a service hosts one (plain HostBuilder, Akka.Hosting,
/// <see cref="BackbeatHostingExtensions.WithBackbeat"/>), joined to itself or to another bench node.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchNode(IHost host, BenchNodeSpec spec)
    {
        _host = host;
        Spec = spec;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public BenchNodeSpec Spec { get; }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public Address Address => Cluster.SelfAddress;

    public IActorRef Follower => Registry.Get<BeatFollower>();

    public IActorRef LeaderProxy => Registry.Get<PulseLeader>();

    public static async Task<BenchNode> StartAsync(BenchNodeSpec spec)
    {
        var options = spec.ToOptions();
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Error))
            .ConfigureServices(services =>
            {
                services.AddBackbeatServices(options);
                services.AddAkka(BackbeatOptions.ActorSystemName, akka =>
                {
                    if (spec.Throttled)
                    {
                        akka.AddHocon("akka.remote.dot-netty.tcp.applied-adapters = [trttl]", HoconAddMode.Prepend);
                    }

                    akka.AddHocon("akka.loglevel = ERROR\nakka.coordinated-shutdown.exit-clr = off", HoconAddMode.Prepend)
                        .WithRemoting("127.0.0.1", 0)
                        .WithClustering(new ClusterOptions { Roles = [BackbeatOptions.BackbeatRole], SplitBrainResolver = new KeepMajorityOption() })
                        .WithBackbeat(options, spec.HostsLeader, spec.Failover);

                    // For experiments (docs/benchmarks.md), added last so that it overrides Backbeat's own settings too,
                    // e.g. the beat path back on the default dispatcher by deployment path.
                    if (Environment.GetEnvironmentVariable("BACKBEAT_BENCH_HOCON") is { } extra)
                    {
                        akka.AddHocon(extra, HoconAddMode.Prepend);
                    }
                });
            })
            .Build();
        await host.StartAsync();
        var node = new BenchNode(host, spec);
        node.Cluster.Join(spec.Join ?? node.Address);
        return node;
    }

    public async Task WaitUpAsync(TimeSpan timeout)
    {
        var up = new TaskCompletionSource();
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout);
    }

    /// <summary>The timeline the leader emits from (asked of the leader singleton through this node's proxy).</summary>
    public async Task<Timeline> LeaderTimelineAsync(TimeSpan timeout) =>
        (await LeaderProxy.Ask<TimelineDocument>(GetTimeline.Instance, timeout)).ToTimeline();

    /// <summary>Subscribes <paramref name="subscriber"/> to this node's follower and waits for the acknowledgement.</summary>
    public Task SubscribeAsync(IActorRef subscriber, TimeSpan timeout) =>
        Follower.Ask<Subscribed>(new SubscribeBeats(subscriber), timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // The scenario is over; a slow stop must not fail it.
        }

        _host.Dispose();
    }
}
