using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Backbeat.Admin;
using Backbeat.Configuration;
using Backbeat.Node.Configuration;
using Microsoft.Extensions.Logging;

namespace Backbeat.Node.Hosting;

/// <summary>All Akka wiring of a node, in the order it has to happen.</summary>
public static class BackbeatNodeAkka
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static AkkaConfigurationBuilder ConfigureBackbeatNode(
        this AkkaConfigurationBuilder akka,
        BackbeatOptions options,
        LogLevel logLevel,
        PulseInstallation pulse,
        AdminActorSettings? adminSettings = null)
    {
        akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = LogLevelSetting.ToAkka(logLevel);
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(new RemoteOptions
            {
                HostName = options.Host,
                Port = options.Port,
                PublicHostName = options.PublicHost,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [BackbeatOptions.BackbeatRole],
                SeedNodes = options.Seeds.ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithActorSystemLivenessCheck(tags: [LiveTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadyTag]);

        if (options.Seeds.Count == 0)
        {
            // No seeds: form a one-node cluster with itself. Joining the self address at start-up (rather than
            // listing it as a seed) also works when the remoting port is 0 and only known once bound.
            akka.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }

        // The pulse: the leader singleton and this node's follower. The admin actor needs both, so it comes after.
        pulse.Install(akka, options);

        return akka.AddAdminActor(pulse.Resolve, adminSettings);
    }
}
