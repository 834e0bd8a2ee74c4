using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Hosting;
using Backbeat.Configuration;
using Backbeat.Pulse;

namespace Backbeat.Admin;

/// <summary>
/// The admin API's way into the cluster. Forwards tempo and leader questions to the PulseLeader
/// singleton (through its proxy) and drift questions to this node's BeatFollower, always answering
/// within its timeouts: a leader that is silent or gone yields <see cref="LeaderUnavailable"/>,
/// never a hang and never a failure. Answers cluster membership questions itself.
/// </summary>
public sealed class AdminActor : ReceiveActor
{
    private readonly IActorRef _leaderProxy;
    private readonly IActorRef _follower;
    private readonly AdminActorSettings _settings;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public AdminActor(IActorRef leaderProxy, IActorRef follower, AdminActorSettings settings)
    {
        _leaderProxy = leaderProxy;
        _follower = follower;
        _settings = settings;

        Receive<GetTempo>(HandleGetTempo);
        Receive<SetTempo>(HandleSetTempo);
        Receive<GetLeaderStatus>(HandleGetLeaderStatus);
        Receive<GetDrift>(HandleGetDrift);
        Receive<GetClusterState>(HandleGetClusterState);
        Receive<GetLeaderAddress>(HandleGetLeaderAddress);
        Receive<LeaveMember>(HandleLeaveMember);
        Receive<DownMember>(HandleDownMember);
    }

    public static Props Props(IActorRef leaderProxy, IActorRef follower, AdminActorSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new AdminActor(leaderProxy, follower, settings ?? AdminActorSettings.Default));

    private void HandleGetTempo(GetTempo message) =>
        AskLeader<TempoStatus>(message, _settings.LeaderTimeout);

    private void HandleSetTempo(SetTempo message) =>
        AskLeader<SetTempoResult>(message, _settings.SetTempoTimeout);

    private void HandleGetLeaderStatus(GetLeaderStatus message) =>
        AskLeader<LeaderStatus>(message, _settings.LeaderTimeout);

    private void HandleGetDrift(GetDrift message)
    {
        if (_follower.IsNobody())
        {
            Sender.Tell(new FollowerUnavailable("this node runs no follower"));
            return;
        }

        var timeout = _settings.FollowerTimeout;
        _follower.Ask<DriftStatus>(message, timeout).PipeTo(
            Sender,
            success: drift => drift,
            failure: ex => new FollowerUnavailable(Describe(ex, "the follower", timeout)));
    }

    private void HandleGetClusterState(GetClusterState message) => Sender.Tell(ReadClusterState());

    private void HandleGetLeaderAddress(GetLeaderAddress message)
    {
        var host = LeaderHost(_cluster.State);
        Sender.Tell(new LeaderAddress(host?.Address.ToString(), host is not null && host.Address.Equals(_cluster.SelfAddress)));
    }

    private void HandleLeaveMember(LeaveMember message)
    {
        if (!IsMember(message.Address))
        {
            Sender.Tell(new NotAMember(message.Address.ToString()));
            return;
        }

        _log.Info("Operator asked {0} to leave the cluster", message.Address);
        _cluster.Leave(message.Address);
        Sender.Tell(new MembershipChangeIssued(message.Address.ToString(), "leave"));
    }

    private void HandleDownMember(DownMember message)
    {
        if (!IsMember(message.Address))
        {
            Sender.Tell(new NotAMember(message.Address.ToString()));
            return;
        }

        _log.Warning("Operator marked {0} down", message.Address);
        _cluster.Down(message.Address);
        Sender.Tell(new MembershipChangeIssued(message.Address.ToString(), "down"));
    }

    // Unreachable members are still members: downing one is exactly what an operator does for them.
    private bool IsMember(Address address) =>
        _cluster.State.Members.Any(m => m.Address.Equals(address)) ||
        _cluster.State.Unreachable.Any(m => m.Address.Equals(address));

    private void AskLeader<TAnswer>(object message, TimeSpan timeout)
    {
        if (_leaderProxy.IsNobody())
        {
            Sender.Tell(new LeaderUnavailable("this node runs no pulse, so it knows no leader"));
            return;
        }

        var log = _log;
        var name = message.GetType().Name;
        _leaderProxy.Ask<TAnswer>(message, timeout).PipeTo(
            Sender,
            success: answer => answer!,
            failure: ex =>
            {
                var reason = Describe(ex, "the leader", timeout);
                log.Warning("{0} not answered: {1}", name, reason);
                return new LeaderUnavailable(reason);
            });
    }

    private static string Describe(Exception ex, string who, TimeSpan timeout) => ex switch
    {
        AskTimeoutException => $"{who} did not answer within {timeout.TotalSeconds:0.###} s",
        InvalidCastException => $"{who} gave an unexpected answer",
        _ => $"{who} could not be asked: {ex.Message}",
    };

    private ClusterState ReadClusterState()
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable;
        var host = LeaderHost(state);
        var members = state.Members
            .Concat(unreachable.Where(u => !state.Members.Contains(u)))
            .Select(m => new ClusterMemberView(
                m.Address.ToString(),
                m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList(),
                m.Status.ToString(),
                Reachable: !unreachable.Contains(m),
                IsLeaderHost: host is not null && m.Address.Equals(host.Address)))
            .ToList();
        return new ClusterState(_cluster.SelfAddress.ToString(), host?.Address.ToString(), members);
    }

    /// <summary>The cluster singleton lives on the oldest Up member with the backbeat role.</summary>
    private static Member? LeaderHost(Akka.Cluster.ClusterEvent.CurrentClusterState state) =>
        state.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(BackbeatOptions.BackbeatRole))
            .Aggregate((Member?)null, (oldest, m) => oldest is null || m.IsOlderThan(oldest) ? m : oldest);
}

public static class AdminActorHostingExtensions
{
    /// <summary>
    /// Starts the <see cref="AdminActor"/> and registers it in the ActorRegistry under <see cref="AdminActor"/>.
    /// <paramref name="resolvePulse"/> runs at start-up and finds the leader singleton proxy and this node's
    /// follower in the registry, so call this after the pulse has been added to the builder.
    /// </summary>
    public static AkkaConfigurationBuilder AddAdminActor(
        this AkkaConfigurationBuilder builder,
        Func<IActorRegistry, (IActorRef LeaderProxy, IActorRef Follower)> resolvePulse,
        AdminActorSettings? settings = null) =>
        builder.WithActors((system, registry) =>
        {
            var (leaderProxy, follower) = resolvePulse(registry);
            var admin = system.ActorOf(AdminActor.Props(leaderProxy, follower, settings), "admin");
            registry.Register<AdminActor>(admin);
        });
}
