using Akka.Actor;

namespace Backbeat.Admin;

// Messages of the AdminActor. The admin HTTP API asks it; it forwards the leader and follower
// protocol messages (Pulse/LeaderProtocol.cs, Pulse/FollowerProtocol.cs) and answers these itself.

/// <summary>Answer to a forwarded leader message when the leader did not answer in time or could not be asked.</summary>
public sealed record LeaderUnavailable(string Reason);

/// <summary>Answer to a forwarded follower message when this node's follower did not answer in time.</summary>
public sealed record FollowerUnavailable(string Reason);

/// <summary>Ask for the cluster as this node's failure detector sees it. Answered with <see cref="ClusterState"/>.</summary>
public sealed record GetClusterState
{
    public static readonly GetClusterState Instance = new();
}

/// <summary>One cluster member as seen from this node.</summary>
/// <param name="Reachable">False while this node's failure detector (or a gossiped observation) marks the member unreachable.</param>
/// <param name="IsLeaderHost">True for the oldest Up member with the backbeat role: where the PulseLeader singleton lives.</param>
public sealed record ClusterMemberView(
    string Address,
    IReadOnlyList<string> Roles,
    string Status,
    bool Reachable,
    bool IsLeaderHost);

/// <param name="SelfAddress">This node's address.</param>
/// <param name="LeaderHost">Address of the member that hosts (or will host) the PulseLeader singleton, if any.</param>
public sealed record ClusterState(
    string SelfAddress,
    string? LeaderHost,
    IReadOnlyList<ClusterMemberView> Members)
{
    public int UpCount => Members.Count(m => m.Status == "Up");
}

/// <summary>Ask which member hosts the leader. Answered with <see cref="LeaderAddress"/>.</summary>
public sealed record GetLeaderAddress
{
    public static readonly GetLeaderAddress Instance = new();
}

/// <param name="Address">The leader host's address; null while no Up member has the backbeat role.</param>
/// <param name="IsSelf">True when this node is the leader host.</param>
public sealed record LeaderAddress(string? Address, bool IsSelf);

/// <summary>How long the admin actor waits for the leader and the follower.</summary>
/// <param name="LeaderTimeout">For GetTempo and GetLeaderStatus.</param>
/// <param name="SetTempoTimeout">For SetTempo: the leader stores the change with majority consistency before it answers.</param>
/// <param name="FollowerTimeout">For GetDrift.</param>
public sealed record AdminActorSettings(TimeSpan LeaderTimeout, TimeSpan SetTempoTimeout, TimeSpan FollowerTimeout)
{
    public static AdminActorSettings Default { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));

    /// <summary>The longest any answer can take; callers of the admin actor wait a little longer than this.</summary>
    public TimeSpan Longest => new[] { LeaderTimeout, SetTempoTimeout, FollowerTimeout }.Max();
}

/// <summary>Ask the cluster to let a member leave gracefully. Answered with <see cref="MembershipChangeIssued"/> or <see cref="NotAMember"/>.</summary>
public sealed record LeaveMember(Address Address);

/// <summary>Mark a member down (it is removed without a graceful hand-over). Answered like <see cref="LeaveMember"/>.</summary>
public sealed record DownMember(Address Address);

/// <param name="Action"><c>leave</c> or <c>down</c>.</param>
public sealed record MembershipChangeIssued(string Address, string Action);

/// <summary>The address names no current member of the cluster, so nothing was issued.</summary>
public sealed record NotAMember(string Address);
