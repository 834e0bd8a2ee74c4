using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Backbeat.Configuration;
using Backbeat.Hosting;

namespace Backbeat.Lighthouse;

public static class LighthouseHostingExtensions
{
    /// <summary>A seed node: role <c>lighthouse</c> (never the leader's host), keep-majority, Backbeat's failover timing.</summary>
    public static AkkaConfigurationBuilder WithLighthouse(this AkkaConfigurationBuilder akka, LighthouseOptions options) =>
        akka
            // Same failure detection and downing timing as the backbeat nodes: the cluster must agree on them.
            .AddHocon(new FailoverOptions().ToHocon(), HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = options.Host, PublicHostName = options.PublicHost, Port = options.Port })
            .WithClustering(new ClusterOptions
            {
                Roles = [BackbeatOptions.LighthouseRole],
                SeedNodes = options.Seeds.Count > 0 ? options.Seeds.ToArray() : [options.SelfAddress],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            // Pub-sub gossip reaches every member; running the mediator here keeps it from dead-lettering.
            .WithDistributedPubSub(string.Empty);
}
