namespace Backbeat.Node.Api;

// The admin API's answers (SPEC §7), serialized snake_case by AdminJsonContext. Tempos are normalized
// (12, not 12.0) and instants are RFC 3339 UTC with milliseconds, as on the wire (SPEC §2).

/// <summary><c>POST /tempo</c> → 202.</summary>
public sealed record TempoScheduledResponse(
    decimal TempoBpm,
    long EffectiveBeatIndex,
    string EffectiveAt);

/// <summary><c>GET /tempo</c>.</summary>
/// <param name="CurrentBpm">The tempo in force; null when no leader could be asked.</param>
/// <param name="PendingBpm">The accepted change waiting for its downbeat, if any.</param>
/// <param name="CanChange">Whether a change request could be accepted now: a leader answers and the rules leave room.</param>
/// <param name="NextChange">When the pending change takes effect, if one is pending.</param>
/// <param name="Reason">Why no change can be made now; null when one can.</param>
public sealed record TempoStatusResponse(
    decimal? CurrentBpm,
    decimal? PendingBpm,
    bool CanChange,
    NextChangeResponse? NextChange,
    string? Reason,
    decimal? MinAllowedBpm,
    decimal? MaxAllowedBpm);

public sealed record NextChangeResponse(
    decimal TempoBpm,
    long EffectiveBeatIndex,
    string EffectiveAt);

/// <summary><c>GET /drift</c>.</summary>
public sealed record DriftResponse(
    double TimerDriftPercent,
    double HlcDriftSeconds,
    string? LastSyncTime,
    bool DegradationMode,
    bool WithinLimits);

/// <summary><c>GET /leader</c>.</summary>
/// <param name="NodeId">This node's id.</param>
/// <param name="Leader">The leader's node id.</param>
/// <param name="ClusterSize">Up members of the cluster, as this node sees it.</param>
public sealed record LeaderResponse(string NodeId, bool IsLeader, string Leader, int ClusterSize, LeaderStatsResponse Stats);

public sealed record LeaderStatsResponse(
    string Address,
    string LeaderSince,
    long FramesEmitted,
    long LastBeatIndex,
    string? LastPhase,
    double LatenessP50Ms,
    double LatenessP99Ms,
    double LatenessMaxMs);

/// <summary><c>GET /cluster</c>.</summary>
public sealed record ClusterResponse(string SelfAddress, string? LeaderHost, int UpMembers, IReadOnlyList<MemberResponse> Members);

/// <param name="Reachability"><c>reachable</c> or <c>unreachable</c>, as this node's failure detector sees the member.</param>
public sealed record MemberResponse(string Address, IReadOnlyList<string> Roles, string Status, string Reachability, bool IsLeaderHost);

/// <summary><c>POST /cluster/leave</c> and <c>POST /cluster/down</c> → 202.</summary>
/// <param name="Action"><c>leave</c> or <c>down</c>.</param>
public sealed record MembershipChangeResponse(string Address, string Action);

/// <summary><c>GET /health</c>, <c>/ready</c>, <c>/live</c>.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthEntryResponse> Checks);

public sealed record HealthEntryResponse(string Status, string? Description);
