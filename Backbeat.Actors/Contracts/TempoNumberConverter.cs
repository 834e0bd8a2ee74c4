using System.Text.Json;
using System.Text.Json.Serialization;
using Backbeat.Timing;

namespace Backbeat.Contracts;

/// <summary>Tempos as JSON numbers without trailing zeros: <c>12</c>, not <c>12.0</c>; <c>12.5</c> stays.</summary>
public sealed class TempoNumberConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Tempo.Normalize(value));
}
