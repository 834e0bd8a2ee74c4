using Akka.Actor;
using Backbeat.Contracts;

namespace Backbeat.Pulse;

// Messages of the per-node BeatFollower: local subscriptions, deliveries, and drift.

/// <summary>Start delivering <see cref="Beat"/> messages to <paramref name="Subscriber"/>. Answered with <see cref="Subscribed"/>.</summary>
public sealed record SubscribeBeats(IActorRef Subscriber);

/// <summary>Stop delivering to <paramref name="Subscriber"/>. Answered with <see cref="Unsubscribed"/>.</summary>
public sealed record UnsubscribeBeats(IActorRef Subscriber);

public sealed record Subscribed(IActorRef Subscriber);

public sealed record Unsubscribed(IActorRef Subscriber);

/// <summary>Where a delivered frame came from.</summary>
public enum BeatOrigin
{
    /// <summary>Emitted by the cluster's leader (and published to NATS by it).</summary>
    Leader,

    /// <summary>Computed on this node from the last known timeline while no leader frames arrive (degradation mode).</summary>
    Local,
}

/// <summary>What a local subscriber receives once per phase of every beat.</summary>
public sealed record Beat(BeatFrame Frame, BeatOrigin Origin)
{
    public bool IsLocal => Origin == BeatOrigin.Local;
}

/// <summary>Ask the follower how well this node keeps time. Answered with <see cref="DriftStatus"/>.</summary>
public sealed record GetDrift
{
    public static readonly GetDrift Instance = new();
}

/// <summary>SPEC §7 <c>GET /drift</c>.</summary>
/// <param name="TimerDriftPercent">
/// How fast this node's frames accumulate error against the timeline, in % of elapsed time (<see cref="DriftTrend"/>):
/// 1% loses 36 s an hour.
/// </param>
/// <param name="HlcDriftSeconds">How far the HLC runs ahead of local physical time.</param>
/// <param name="LastSyncTime">When the last leader frame arrived.</param>
public sealed record DriftStatus(
    double TimerDriftPercent,
    double HlcDriftSeconds,
    DateTimeOffset? LastSyncTime,
    bool DegradationMode,
    bool WithinLimits);

/// <summary>A starting leader asks its node's follower for the last leader frame it saw, so it never repeats one.</summary>
public sealed record GetLastLeaderOrdinal
{
    public static readonly GetLastLeaderOrdinal Instance = new();
}

/// <summary>
/// The ordinal of the last leader frame this follower received (null when it has seen none), and the newest
/// timeline it knows, which a new leader weighs against the replicated one.
/// </summary>
public sealed record LastLeaderOrdinal(long? Ordinal, TimelineDocument? Timeline);
