using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>Source-generated JSON for the control events: no reflection, same settings as the beat frame.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Default,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TempoScheduledEvent))]
[JsonSerializable(typeof(TempoAppliedEvent))]
[JsonSerializable(typeof(LeaderChangedEvent))]
public sealed partial class ControlEventJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="ControlEvent"/>s in their SPEC §3 shape.</summary>
public static class ControlEventJson
{
    public static byte[] ToUtf8(ControlEvent controlEvent) => controlEvent switch
    {
        TempoScheduledEvent e => JsonSerializer.SerializeToUtf8Bytes(e, ControlEventJsonContext.Default.TempoScheduledEvent),
        TempoAppliedEvent e => JsonSerializer.SerializeToUtf8Bytes(e, ControlEventJsonContext.Default.TempoAppliedEvent),
        LeaderChangedEvent e => JsonSerializer.SerializeToUtf8Bytes(e, ControlEventJsonContext.Default.LeaderChangedEvent),
        null => throw new ArgumentNullException(nameof(controlEvent)),
        _ => throw new ArgumentException($"{controlEvent.GetType().Name} is not a SPEC §3 control event", nameof(controlEvent)),
    };

    public static string ToJson(ControlEvent controlEvent) => System.Text.Encoding.UTF8.GetString(ToUtf8(controlEvent));

    /// <summary>Parses a control event by its <c>event</c> name; throws <see cref="JsonException"/> with the reason when it is not one.</summary>
    public static ControlEvent Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a control event is a JSON object, not {root.ValueKind}");
        }

        var type = StringProperty(root, "type");
        if (type != ControlEvent.TypeV1)
        {
            throw new JsonException($"unexpected control event type '{type}', expected '{ControlEvent.TypeV1}'");
        }

        var name = StringProperty(root, "event");
        ControlEvent? parsed = name switch
        {
            TempoScheduledEvent.Name => root.Deserialize(ControlEventJsonContext.Default.TempoScheduledEvent),
            TempoAppliedEvent.Name => root.Deserialize(ControlEventJsonContext.Default.TempoAppliedEvent),
            LeaderChangedEvent.Name => root.Deserialize(ControlEventJsonContext.Default.LeaderChangedEvent),
            _ => throw new JsonException($"unknown control event '{name}', expected {TempoScheduledEvent.Name}, {TempoAppliedEvent.Name} or {LeaderChangedEvent.Name}"),
        };
        return parsed ?? throw new JsonException("a control event cannot be null");
    }

    public static ControlEvent Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
