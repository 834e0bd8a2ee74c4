using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>Instants on the wire: RFC 3339, UTC, exactly three fractional digits, <c>Z</c>.</summary>
public sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 instant");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToText(value));

    /// <summary>The wire text of an instant, truncated (not rounded) to the millisecond.</summary>
    public static string ToText(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var truncated = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return truncated.ToString(Format, CultureInfo.InvariantCulture);
    }
}
