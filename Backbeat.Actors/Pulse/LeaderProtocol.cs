namespace Backbeat.Pulse;

// Messages the PulseLeader singleton answers, usually through its ClusterSingletonProxy.
// They cross the network, so they carry only plain values.

/// <summary>Ask the leader for a tempo change (SPEC §4). Answered with a <see cref="SetTempoResult"/>.</summary>
public sealed record SetTempo(decimal TempoBpm, string? Justification);

/// <summary>What became of a <see cref="SetTempo"/>.</summary>
public abstract record SetTempoResult;

/// <summary>Accepted and stored with majority consistency; takes effect at the given downbeat.</summary>
public sealed record TempoScheduled(decimal TempoBpm, long EffectiveBeatIndex, DateTimeOffset EffectiveAt) : SetTempoResult;

/// <summary>Refused by the tempo rules (range or ±10%); the reason is for people.</summary>
public sealed record TempoRefused(string Reason) : SetTempoResult;

/// <summary>Allowed, but could not be stored with majority consistency; nothing changed.</summary>
public sealed record TempoNotStored(string Reason) : SetTempoResult;

/// <summary>Ask the leader for the tempo in force and any pending change. Answered with <see cref="TempoStatus"/>.</summary>
public sealed record GetTempo
{
    public static readonly GetTempo Instance = new();
}

public sealed record TempoStatus(
    decimal CurrentBpm,
    decimal? PendingBpm,
    long? PendingBeatIndex,
    DateTimeOffset? PendingAt,
    decimal MinAllowedBpm,
    decimal MaxAllowedBpm);

/// <summary>Ask the leader who and how it is. Answered with <see cref="LeaderStatus"/>.</summary>
/// <summary>
/// The singleton's termination message on a graceful hand-over: the leader stops right after its next frame when
/// that frame is near, so the new leader gets a whole phase to start before the slot after it.
/// </summary>
public sealed record HandOverLeadership
{
    public static readonly HandOverLeadership Instance = new();
}

public sealed record GetLeaderStatus
{
    public static readonly GetLeaderStatus Instance = new();
}

public sealed record LeaderStatus(
    string NodeId,
    string Address,
    DateTimeOffset LeaderSince,
    long FramesEmitted,
    long LastBeatIndex,
    string? LastPhase,
    double LatenessP50Ms,
    double LatenessP99Ms,
    double LatenessMaxMs);
