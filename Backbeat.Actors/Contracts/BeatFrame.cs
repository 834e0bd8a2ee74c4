using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>
/// INT-A (SPEC §2): what the leader announces at the start of every phase of every beat.
/// The JSON form is exactly these fields, snake_case; see <see cref="BeatFrameJson"/>.
/// </summary>
public sealed record BeatFrame
{
    public const string TypeV1 = "backbeat.beatframe.v1";

    /// <summary>Written by every producer, so a frame without it is refused on read rather than taken for v1.</summary>
    [JsonPropertyName("type")]
    [JsonRequired]
    public string Type { get; init; } = TypeV1;

    [JsonPropertyName("cluster_id")]
    public required string ClusterId { get; init; }

    [JsonPropertyName("beat_index")]
    public required long BeatIndex { get; init; }

    [JsonPropertyName("downbeat")]
    public required bool Downbeat { get; init; }

    [JsonPropertyName("phase")]
    public required string Phase { get; init; }

    [JsonPropertyName("hlc")]
    public required string Hlc { get; init; }

    /// <summary>When the current phase ends: RFC 3339, UTC, millisecond precision.</summary>
    [JsonPropertyName("deadline_at")]
    [JsonConverter(typeof(UtcMillisecondsConverter))]
    public required DateTimeOffset DeadlineAt { get; init; }

    [JsonPropertyName("tempo_bpm")]
    [JsonConverter(typeof(TempoNumberConverter))]
    public required decimal TempoBpm { get; init; }

    [JsonPropertyName("window_id")]
    public required string WindowId { get; init; }
}
