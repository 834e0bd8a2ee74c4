using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>
/// What the leader announces on <c>backbeat.{cluster}.control</c> (SPEC §3): JSON
/// <c>{"type":"backbeat.control.v1","cluster_id","event","hlc",...}</c> followed by the fields of the event.
/// A closed family: the three sealed records below are all there is; see <see cref="ControlEventJson"/>.
/// </summary>
public abstract record ControlEvent
{
    public const string TypeV1 = "backbeat.control.v1";

    private protected ControlEvent()
    {
    }

    /// <summary>Written by every producer, so an event without it is refused on read rather than taken for v1.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-4)]
    [JsonRequired]
    public string Type { get; init; } = TypeV1;

    [JsonPropertyName("cluster_id")]
    [JsonPropertyOrder(-3)]
    public required string ClusterId { get; init; }

    /// <summary>The event name on the wire: <c>tempo_scheduled</c>, <c>tempo_applied</c> or <c>leader_changed</c>.</summary>
    [JsonPropertyName("event")]
    [JsonPropertyOrder(-2)]
    public abstract string Event { get; }

    /// <summary>The leader's hybrid logical clock when it announced the event (SPEC §5 text form).</summary>
    [JsonPropertyName("hlc")]
    [JsonPropertyOrder(-1)]
    public required string Hlc { get; init; }
}

/// <summary>A tempo change was accepted and stored; it takes effect at the downbeat <see cref="EffectiveBeatIndex"/>.</summary>
public sealed record TempoScheduledEvent : ControlEvent
{
    public const string Name = "tempo_scheduled";

    [JsonPropertyName("event")]
    [JsonPropertyOrder(-2)]
    public override string Event => Name;

    [JsonPropertyName("tempo_bpm")]
    [JsonConverter(typeof(TempoNumberConverter))]
    public required decimal TempoBpm { get; init; }

    [JsonPropertyName("effective_beat_index")]
    public required long EffectiveBeatIndex { get; init; }

    [JsonPropertyName("effective_at")]
    [JsonConverter(typeof(UtcMillisecondsConverter))]
    public required DateTimeOffset EffectiveAt { get; init; }

    /// <summary>Why the tempo changes, as the requester said; null when they gave no reason.</summary>
    [JsonPropertyName("justification")]
    public required string? Justification { get; init; }
}

/// <summary>A scheduled tempo is now in force: <see cref="BeatIndex"/> is the first beat (a downbeat) that runs at it.</summary>
public sealed record TempoAppliedEvent : ControlEvent
{
    public const string Name = "tempo_applied";

    [JsonPropertyName("event")]
    [JsonPropertyOrder(-2)]
    public override string Event => Name;

    [JsonPropertyName("tempo_bpm")]
    [JsonConverter(typeof(TempoNumberConverter))]
    public required decimal TempoBpm { get; init; }

    [JsonPropertyName("beat_index")]
    public required long BeatIndex { get; init; }
}

/// <summary>The leader moved: <see cref="NodeId"/> now emits the beat.</summary>
public sealed record LeaderChangedEvent : ControlEvent
{
    public const string Name = "leader_changed";

    [JsonPropertyName("event")]
    [JsonPropertyOrder(-2)]
    public override string Event => Name;

    [JsonPropertyName("node_id")]
    public required string NodeId { get; init; }
}
