using Akka.Actor;
using Akka.Hosting;
using Backbeat.Configuration;

namespace Backbeat.Node.Hosting;

/// <summary>
/// How the cluster pulse (the PulseLeader singleton with its proxy, and this node's BeatFollower) joins a node:
/// <paramref name="Install"/> adds it to the Akka builder, <paramref name="Resolve"/> finds the leader proxy and
/// the follower in the ActorRegistry once the actors have started, for the admin actor.
/// </summary>
public sealed record PulseInstallation(
    Action<AkkaConfigurationBuilder, BackbeatOptions> Install,
    Func<IActorRegistry, (IActorRef LeaderProxy, IActorRef Follower)> Resolve)
{
    /// <summary>
    /// A node without a pulse: it joins the cluster and serves the admin API, which answers that no leader
    /// is known (503) and reports not ready.
    /// </summary>
    public static PulseInstallation None { get; } = new((_, _) => { }, _ => (ActorRefs.Nobody, ActorRefs.Nobody));
}
