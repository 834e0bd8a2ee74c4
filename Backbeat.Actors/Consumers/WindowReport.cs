using System.Text.Json.Serialization;
using Backbeat.Contracts;

namespace Backbeat.Consumers;

/// <summary>
/// What the consumers of one window (bar) claimed, produced once the bar is over and published as JSON on
/// <c>backbeat.{cluster}.window</c>. Rates are over the claims received; they are null when no claim came.
/// Phases nobody claimed are not guessed at: a consumer may handle only some phases.
/// </summary>
public sealed record WindowReport
{
    public const string TypeV1 = "backbeat.window.v1";

    [JsonPropertyName("type")]
    public string Type { get; init; } = TypeV1;

    [JsonPropertyName("cluster_id")]
    public required string ClusterId { get; init; }

    [JsonPropertyName("window_id")]
    public required string WindowId { get; init; }

    [JsonPropertyName("downbeat_index")]
    public required long DownbeatIndex { get; init; }

    /// <summary>Beats in the bar.</summary>
    [JsonPropertyName("beats")]
    public required int Beats { get; init; }

    /// <summary>The tempo the bar ran at (from its frames); null when no frame of the bar was seen.</summary>
    [JsonPropertyName("tempo_bpm")]
    [JsonConverter(typeof(NullableTempoNumberConverter))]
    public decimal? TempoBpm { get; init; }

    [JsonPropertyName("closed_at")]
    [JsonConverter(typeof(UtcMillisecondsConverter))]
    public required DateTimeOffset ClosedAt { get; init; }

    [JsonPropertyName("participants")]
    public required int Participants { get; init; }

    [JsonPropertyName("claims")]
    public required int Claims { get; init; }

    [JsonPropertyName("done")]
    public required int Done { get; init; }

    [JsonPropertyName("late")]
    public required int Late { get; init; }

    [JsonPropertyName("failed")]
    public required int Failed { get; init; }

    /// <summary>done / claims.</summary>
    [JsonPropertyName("completion_rate")]
    public double? CompletionRate { get; init; }

    /// <summary>late / claims.</summary>
    [JsonPropertyName("deadline_miss_rate")]
    public double? DeadlineMissRate { get; init; }

    /// <summary>failed / claims.</summary>
    [JsonPropertyName("failure_rate")]
    public double? FailureRate { get; init; }

    /// <summary>The agents with the longest mean duration, slowest first.</summary>
    [JsonPropertyName("slowest_agents")]
    public required IReadOnlyList<AgentSummary> SlowestAgents { get; init; }

    /// <summary>One entry per phase that was claimed, in the cluster's phase order.</summary>
    [JsonPropertyName("phases")]
    public required IReadOnlyList<PhaseSummary> Phases { get; init; }
}

/// <summary>One agent's claims in a window.</summary>
public sealed record AgentSummary(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("claims")] int Claims,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("late")] int Late,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("mean_duration_ms")] double MeanDurationMs,
    [property: JsonPropertyName("max_duration_ms")] double MaxDurationMs);

/// <summary>All agents' claims for one phase in a window.</summary>
public sealed record PhaseSummary(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("claims")] int Claims,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("late")] int Late,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("mean_duration_ms")] double MeanDurationMs,
    [property: JsonPropertyName("max_duration_ms")] double MaxDurationMs);
