using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Consumers;

/// <summary>Source-generated JSON for what consumers and outside services exchange over NATS and HTTP.</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(StatusClaim))]
[JsonSerializable(typeof(WindowReport))]
[JsonSerializable(typeof(WindowList))]
public sealed partial class ConsumersJsonContext : JsonSerializerContext;

/// <summary>Writes and reads <see cref="WindowReport"/> in its published shape.</summary>
public static class WindowReportJson
{
    public static byte[] ToUtf8(WindowReport report) =>
        JsonSerializer.SerializeToUtf8Bytes(report, ConsumersJsonContext.Default.WindowReport);

    public static WindowReport Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ConsumersJsonContext.Default.WindowReport)
            ?? throw new JsonException("a window report cannot be null");
}
