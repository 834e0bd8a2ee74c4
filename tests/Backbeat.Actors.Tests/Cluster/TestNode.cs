using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Backbeat.Configuration;
using Backbeat.Hosting;
using Backbeat.Pulse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backbeat.Tests.Cluster;

/// <summary>Describes one test node: a Backbeat host on loopback, with a port chosen by the OS.</summary>
public sealed record TestNodeSpec
{
    public string NodeId { get; init; } = BackbeatOptions.GenerateNodeId();

    public decimal Bpm { get; init; } = 600;

    public int Bar { get; init; } = 4;

    public bool HostsLeader { get; init; } = true;

    public string[] Roles { get; init; } = [BackbeatOptions.BackbeatRole];

    /// <summary>Address of a node to join; null forms a new cluster with itself.</summary>
    public Address? Join { get; init; }

    public string? DataDir { get; init; }

    /// <summary>NATS server URL(s) the node publishes to; null publishes nowhere.</summary>
    public string? Nats { get; init; }

    public FailoverOptions Failover { get; init; } = new();

    /// <summary>More Akka configuration after <c>WithBackbeat</c> (consumers, window aggregator, ...).</summary>
    public Action<AkkaConfigurationBuilder, BackbeatOptions>? Configure { get; init; }

    /// <summary>Wrap remoting in Akka's throttler adapter so tests can blackhole peers.</summary>
    public bool Throttled { get; init; }

    public TestNodeSpec JoiningOf(TestNode node) => this with { Join = node.Address };
}

/// <summary>A running Backbeat node for tests, with a recorder of what its follower delivers.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly IHost _host;

    private TestNode(IHost host, TestNodeSpec spec)
    {
        _host = host;
        Spec = spec;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public TestNodeSpec Spec { get; }

    public ActorSystem System { get; }

    public ActorRegistry Registry { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    public Address Address => Cluster.SelfAddress;

    public IActorRef Follower => Registry.Get<BeatFollower>();

    public IActorRef LeaderProxy => Registry.Get<PulseLeader>();

    public static BackbeatOptions OptionsFor(TestNodeSpec spec) => new()
    {
        ClusterId = "test-cluster",
        NodeId = spec.NodeId,
        Bpm = spec.Bpm,
        Bar = spec.Bar,
        MinBpm = 1,
        MaxBpm = 6000,
        Host = "127.0.0.1",
        Port = 0,
        DataDir = spec.DataDir,
        Nats = spec.Nats,
    };

    public static async Task<TestNode> StartAsync(TestNodeSpec spec)
    {
        var options = OptionsFor(spec);
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                services.AddBackbeatServices(options);
                services.AddAkka(BackbeatOptions.ActorSystemName, akka =>
                {
                    if (spec.Throttled)
                    {
                        akka.AddHocon("akka.remote.dot-netty.tcp.applied-adapters = [trttl]", HoconAddMode.Prepend);
                    }

                    var level = Environment.GetEnvironmentVariable("BACKBEAT_TEST_LOG") is null ? "WARNING" : "DEBUG";
                    // Terminating the ActorSystem does not leave the cluster, so CrashAsync is a crash; stopping the host still
                    // runs CoordinatedShutdown (leave, hand over) as a real node's stop does.
                    akka.AddHocon(
                            $"akka.loglevel = {level}\nakka.coordinated-shutdown.exit-clr = off\nakka.coordinated-shutdown.run-by-actor-system-terminate = off",
                            HoconAddMode.Prepend)
                        .WithRemoting("127.0.0.1", 0)
                        .WithClustering(new ClusterOptions { Roles = spec.Roles, SplitBrainResolver = new KeepMajorityOption() })
                        .WithBackbeat(options, spec.HostsLeader, spec.Failover);
                    spec.Configure?.Invoke(akka, options);
                });
            })
            .Build();
        await host.StartAsync();
        var node = new TestNode(host, spec);
        node.Cluster.Join(spec.Join ?? node.Address);
        return node;
    }

    /// <summary>Waits until this node sees itself Up.</summary>
    public async Task WaitUpAsync(TimeSpan? timeout = null)
    {
        var up = new TaskCompletionSource();
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Subscribes a fresh recorder to this node's follower.</summary>
    public async Task<BeatRecorder> RecordAsync()
    {
        var recorder = new BeatRecorder();
        var actor = System.ActorOf(Props.Create(() => new BeatRecorderActor(recorder)));
        await Follower.Ask<Subscribed>(new SubscribeBeats(actor), TimeSpan.FromSeconds(5));
        return recorder;
    }

    /// <summary>Records every leader frame published on the cluster's frames topic, as this node sees them.</summary>
    public LeaderBeatRecorder RecordLeaderBeats()
    {
        var recorder = new LeaderBeatRecorder();
        var mediator = Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.Get(System).Mediator;
        var actor = System.ActorOf(Props.Create(() => new LeaderBeatRecorderActor(recorder)));
        mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(PulseSettings.From(OptionsFor(Spec)).FramesTopic, actor));
        return recorder;
    }

    /// <summary>Ends the node as a killed process ends: no leave, no hand-over, its sockets closed.</summary>
    public Task CrashAsync() => System.Terminate();

    /// <summary>Stops the node the way an operator would (CoordinatedShutdown: leave, hand over, exit).</summary>
    public Task StopGracefullyAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // The test is over; a slow stop must not fail it.
        }

        _host.Dispose();
    }
}

/// <summary>What one subscriber received, with receive times.</summary>
public sealed class BeatRecorder
{
    public ConcurrentQueue<(Beat Beat, DateTimeOffset ReceivedAt)> Beats { get; } = new();

    public IReadOnlyList<Beat> Snapshot() => Beats.Select(b => b.Beat).ToList();

    public async Task WaitForAsync(Func<IReadOnlyList<Beat>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Snapshot()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout}; {Beats.Count} beats recorded");
            }

            await Task.Delay(20);
        }
    }
}

public sealed class BeatRecorderActor : ReceiveActor
{
    public BeatRecorderActor(BeatRecorder recorder) =>
        Receive<Beat>(beat => recorder.Beats.Enqueue((beat, DateTimeOffset.UtcNow)));
}

public sealed class LeaderBeatRecorder
{
    public ConcurrentQueue<LeaderBeat> Beats { get; } = new();

    /// <summary>Every timeline a leader announced.</summary>
    public ConcurrentQueue<TimelineDocument> Timelines { get; } = new();
}

public sealed class LeaderBeatRecorderActor : ReceiveActor
{
    public LeaderBeatRecorderActor(LeaderBeatRecorder recorder)
    {
        Receive<LeaderBeat>(beat => recorder.Beats.Enqueue(beat));
        Receive<TimelineDocument>(timeline => recorder.Timelines.Enqueue(timeline));
        ReceiveAny(_ => { });
    }
}
