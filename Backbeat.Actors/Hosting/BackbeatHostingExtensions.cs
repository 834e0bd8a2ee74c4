using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Backbeat.Clocks;
using Backbeat.Configuration;
using Backbeat.Metrics;
using Backbeat.Nats;
using Backbeat.Pulse;
using Backbeat.Serialization;
using Akka.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backbeat.Hosting;

/// <summary>
/// Joins an Akka.NET service to Backbeat. Every node gets a <see cref="BeatFollower"/> (registered in the
/// ActorRegistry under <c>BeatFollower</c>) that local actors subscribe to with <see cref="SubscribeBeats"/>.
/// Nodes with <paramref name="hostsLeader"/> also host the <see cref="PulseLeader"/> singleton; the others
/// only reach it through a proxy (registered under <c>PulseLeader</c> either way).
/// </summary>
public static class BackbeatHostingExtensions
{
    public const string LeaderSingletonName = "pulse-leader";

    /// <summary>
    /// Cluster options for a Backbeat node or a service joining one: keep-majority split-brain resolver, the
    /// given roles, and the configured seeds (or this node itself, forming a one-node cluster).
    /// </summary>
    public static ClusterOptions ClusterOptionsFor(BackbeatOptions options, string selfAddress, params string[] roles) => new()
    {
        Roles = roles,
        SeedNodes = options.Seeds.Count > 0 ? options.Seeds.ToArray() : [selfAddress],
        SplitBrainResolver = new KeepMajorityOption(),
    };

    public static AkkaConfigurationBuilder WithBackbeat(
        this AkkaConfigurationBuilder builder,
        BackbeatOptions options,
        bool hostsLeader,
        FailoverOptions? failover = null)
    {
        var failoverOptions = failover ?? new FailoverOptions();
        var settings = PulseSettings.From(options) with { StallLimit = failoverOptions.AcceptableHeartbeatPause };

        // One HLC and one set of instruments per node, shared by the leader and the follower: taken from DI when
        // the host registered them (AddBackbeatServices), otherwise made once here.
        HybridLogicalClock? hlc = null;
        BackbeatMetrics? metrics = null;
        HybridLogicalClock Hlc(IDependencyResolver resolver) => hlc ??= resolver.GetService<HybridLogicalClock>() ?? new HybridLogicalClock(options.NodeId);
        BackbeatMetrics Metrics(IDependencyResolver resolver) => metrics ??= resolver.GetService<BackbeatMetrics>() ?? new BackbeatMetrics();

        // Only nodes that may lead keep the timeline on disk; a client service's follower holds it in memory.
        TimelineFile? file = null;
        TimelineFile File(IDependencyResolver resolver) => file ??= new TimelineFile(
            hostsLeader ? options.DataDir : null,
            resolver.GetService<ILoggerFactory>()?.CreateLogger<TimelineFile>() ?? (ILogger)NullLogger.Instance);
        var singletonOptions = new ClusterSingletonOptions { Role = BackbeatOptions.BackbeatRole, TerminationMessage = HandOverLeadership.Instance };

        builder
            .AddHocon(BackbeatHocon(failoverOptions), HoconAddMode.Prepend)
            .WithDistributedPubSub(string.Empty)
            .WithActors((system, registry, resolver) =>
            {
                if (hostsLeader)
                {
                    // Every node that may lead holds a replica, so a majority write has a majority to reach.
                    _ = Akka.DistributedData.DistributedData.Get(system);
                    var probe = failoverOptions.CrashProbeTimeout is { } probeTimeout ? new RemotingPortProbe(probeTimeout) : null;
                    system.ActorOf(MajorityDowner.Props(failoverOptions.StableAfter, probe), "majority-downer");
                }

                var follower = system.ActorOf(BeatFollower.Props(settings, Hlc(resolver), Metrics(resolver), File(resolver)), "beat-follower");
                registry.Register<BeatFollower>(follower);
            });

        if (hostsLeader)
        {
            // Frames reach NATS only from the node that emits them: each backbeat node has its own publisher,
            // fed by the leader singleton when it runs there.
            builder.AddNatsPublisher(options);
            builder.WithSingleton<PulseLeader>(
                LeaderSingletonName,
                (system, registry, resolver) => PulseLeader.Props(
                    settings,
                    Hlc(resolver),
                    File(resolver),
                    registry.Get<BeatFollower>(),
                    registry.Get<NatsPublisher>(),
                    Metrics(resolver)),
                singletonOptions,
                createProxyToo: true);
        }
        else
        {
            builder.WithSingletonProxy<PulseLeader>(LeaderSingletonName, singletonOptions);
        }

        return builder;
    }

    /// <summary>Registers the node-wide services the actors share (one HLC and one set of instruments per host).</summary>
    public static IServiceCollection AddBackbeatServices(this IServiceCollection services, BackbeatOptions options)
    {
        services.AddSingleton(new HybridLogicalClock(options.NodeId));
        services.AddSingleton(sp => new BackbeatMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    private static string BackbeatHocon(FailoverOptions failover)
    {
        var bindings = string.Join("\n", BackbeatSerializer.MessageTypes.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = backbeat"));
        return $$"""
            akka.actor {
              serializers.backbeat = "{{typeof(BackbeatSerializer).FullName}}, {{typeof(BackbeatSerializer).Assembly.GetName().Name}}"
              serialization-identifiers { "{{typeof(BackbeatSerializer).FullName}}, {{typeof(BackbeatSerializer).Assembly.GetName().Name}}" = {{BackbeatSerializer.SerializerId}} }
              serialization-bindings {
                {{bindings}}
              }
            }
            # The timeline is replicated only among nodes that can lead; seeds and client services hold no copy.
            akka.cluster.distributed-data.role = "{{BackbeatOptions.BackbeatRole}}"
            # One small key: gossip it often, so a node that joined a moment ago already holds it when it must lead.
            akka.cluster.distributed-data.gossip-interval = 500ms
            {{failover.ToHocon()}}
            """;
    }
}
