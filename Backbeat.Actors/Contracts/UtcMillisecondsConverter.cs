using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Contracts;

/// <summary>
/// Instants on the wire: written as RFC 3339, UTC, exactly three fractional digits, <c>Z</c>. Read as any RFC 3339
/// date-time (any number of fractional digits, <c>Z</c> or a numeric offset) and nothing looser: a date alone, a
/// time without its offset or a culture's date format would be read as some instant nobody meant.
/// </summary>
public sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly string[] Rfc3339Forms =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParseExact(text, Rfc3339Forms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
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
