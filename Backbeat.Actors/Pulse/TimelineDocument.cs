using System.Text.Json;
using System.Text.Json.Serialization;
using Backbeat.Contracts;
using Backbeat.Timing;

namespace Backbeat.Pulse;

/// <summary>
/// The replicated, durable form of the clock's state: the timeline's epochs (a pending tempo change is simply
/// an epoch that has not started yet), the bar and phases it was built with, and a revision that grows with
/// every change so replicas and followers can tell newer from older without trusting wall clocks.
/// </summary>
public sealed record TimelineDocument
{
    [JsonPropertyName("revision")]
    public required long Revision { get; init; }

    [JsonPropertyName("cluster_id")]
    public required string ClusterId { get; init; }

    [JsonPropertyName("bar")]
    public required int Bar { get; init; }

    [JsonPropertyName("phases")]
    public required IReadOnlyList<string> Phases { get; init; }

    [JsonPropertyName("epochs")]
    public required IReadOnlyList<EpochDocument> Epochs { get; init; }

    /// <summary>Why the last change was made, as the requester said it.</summary>
    [JsonPropertyName("justification")]
    public string? Justification { get; init; }

    public Timeline ToTimeline() =>
        new(Epochs.Select(e => new TimelineEpoch(e.StartBeatIndex, e.StartTime, e.TempoBpm)), Phases.Count, Bar);

    public static TimelineDocument From(Timeline timeline, long revision, string clusterId, IReadOnlyList<string> phases, string? justification = null) => new()
    {
        Revision = revision,
        ClusterId = clusterId,
        Bar = timeline.BeatsPerBar,
        Phases = phases.ToArray(),
        Epochs = timeline.Epochs.Select(e => new EpochDocument(e.StartBeatIndex, e.StartTime, e.TempoBpm)).ToArray(),
        Justification = justification,
    };

    public string ToJson() => JsonSerializer.Serialize(this, PulseJsonContext.Default.TimelineDocument);

    /// <summary>Parses and checks a stored document; throws <see cref="JsonException"/> or <see cref="ArgumentException"/> when it is not a usable timeline.</summary>
    public static TimelineDocument Parse(string json)
    {
        var document = JsonSerializer.Deserialize(json, PulseJsonContext.Default.TimelineDocument)
            ?? throw new JsonException("a timeline document cannot be null");
        _ = document.ToTimeline();
        return document;
    }
}

/// <summary>One epoch as stored: <c>{start_beat_index, start_time, tempo_bpm}</c> (SPEC §1).</summary>
public sealed record EpochDocument(
    [property: JsonPropertyName("start_beat_index")] long StartBeatIndex,
    [property: JsonPropertyName("start_time")] DateTimeOffset StartTime,
    [property: JsonPropertyName("tempo_bpm"), JsonConverter(typeof(TempoNumberConverter))] decimal TempoBpm);
