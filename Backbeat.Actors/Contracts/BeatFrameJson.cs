using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>
/// Source-generated JSON for the wire contracts: no reflection on the beat path. Nullable annotations are
/// enforced, so a <c>null</c> where the contract has a string is a parse error rather than a null in a frame.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Default,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(BeatFrame))]
public sealed partial class BeatFrameJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="BeatFrame"/> in its exact SPEC §2 shape.</summary>
public static class BeatFrameJson
{
    public static byte[] ToUtf8(BeatFrame frame) =>
        JsonSerializer.SerializeToUtf8Bytes(frame, BeatFrameJsonContext.Default.BeatFrame);

    public static string ToJson(BeatFrame frame) =>
        JsonSerializer.Serialize(frame, BeatFrameJsonContext.Default.BeatFrame);

    /// <summary>Parses a frame; throws <see cref="JsonException"/> with the reason when it is not one.</summary>
    public static BeatFrame Parse(ReadOnlySpan<byte> utf8)
    {
        var frame = JsonSerializer.Deserialize(utf8, BeatFrameJsonContext.Default.BeatFrame)
            ?? throw new JsonException("a beat frame cannot be null");
        if (frame.Type != BeatFrame.TypeV1)
        {
            throw new JsonException($"unexpected frame type '{frame.Type}', expected '{BeatFrame.TypeV1}'");
        }

        return frame;
    }

    public static BeatFrame Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));
}
