using System.Text.Json.Serialization;

namespace Backbeat.Consumers;

/// <summary>
/// What a consumer says about one phase of one beat: <c>{agent_id, beat_index, phase, state, duration_ms}</c>.
/// Sent as this message to the <see cref="WindowAggregator"/> inside the cluster, or as the same JSON on
/// <c>backbeat.{cluster}.status</c> from outside it (see <see cref="StatusClaimJson"/>).
/// </summary>
public sealed record StatusClaim(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("beat_index")] long BeatIndex,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("state")] ClaimState State,
    [property: JsonPropertyName("duration_ms")] double DurationMs)
{
    public const int MaxAgentIdLength = 128;

    public const int MaxPhaseLength = 64;

    /// <summary>
    /// Whether the claim's fields make sense on their own (whether its beat is known is the aggregator's question).
    /// A claim from the wire may carry nulls or values no honest consumer sends; each gets a reason.
    /// </summary>
    public static bool IsWellFormed(StatusClaim? claim, out string? reason)
    {
        reason = claim switch
        {
            null => "the claim is null",
            { AgentId: null } or { AgentId.Length: 0 } => "agent_id is missing or empty",
            { AgentId.Length: > MaxAgentIdLength } => $"agent_id is longer than {MaxAgentIdLength} characters",
            _ when claim.AgentId.Any(char.IsControl) => "agent_id contains control characters",
            { Phase: null } or { Phase.Length: 0 } => "phase is missing or empty",
            { Phase.Length: > MaxPhaseLength } => $"phase is longer than {MaxPhaseLength} characters",
            { BeatIndex: < 0 } => $"beat_index must not be negative, got {claim.BeatIndex}",
            _ when !Enum.IsDefined(claim.State) => $"state {(int)claim.State} is not done, late or failed",
            _ when !double.IsFinite(claim.DurationMs) || claim.DurationMs < 0 => $"duration_ms must be a finite number ≥ 0, got {claim.DurationMs}",
            _ => null,
        };
        return reason is null;
    }
}
