using System.Text.Json;
using System.Text.Json.Serialization;
using Backbeat.Timing;

namespace Backbeat.Consumers;

/// <summary>An optional tempo written like <see cref="Backbeat.Contracts.TempoNumberConverter"/> does (12, not 12.0), or null.</summary>
public sealed class NullableTempoNumberConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } tempo)
        {
            writer.WriteNumberValue(Tempo.Normalize(tempo));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
