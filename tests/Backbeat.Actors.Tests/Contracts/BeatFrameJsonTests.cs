using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backbeat.Contracts;
using FsCheck;
using FsCheck.Xunit;
using static Backbeat.Tests.Contracts.BeatFrameBuilder;

namespace Backbeat.Tests.Contracts;

/// <summary>INT-A (SPEC §2): the exact JSON shape of a BeatFrame, both ways.</summary>
[Properties(Arbitrary = new[] { typeof(BeatFrameArbitraries) })]
public sealed class BeatFrameJsonTests
{
    private static readonly string[] FieldNames =
        ["type", "cluster_id", "beat_index", "downbeat", "phase", "hlc", "deadline_at", "tempo_bpm", "window_id"];

    [Fact]
    public void A_frame_is_written_with_exactly_the_nine_snake_case_fields()
    {
        using var json = Written(AFrame().Build());

        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(FieldNames.Order(), names.Order());
    }

    [Fact]
    public void Each_field_is_written_with_its_json_type()
    {
        using var json = Written(AFrame().Build());
        var root = json.RootElement;

        Assert.Equal(JsonValueKind.String, root.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("cluster_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("beat_index").ValueKind);
        Assert.Equal(JsonValueKind.True, root.GetProperty("downbeat").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("phase").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("hlc").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("deadline_at").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("tempo_bpm").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("window_id").ValueKind);
    }

    [Fact]
    public void The_spec_example_frame_is_written_value_for_value_as_in_the_spec()
    {
        using var spec = JsonDocument.Parse(SpecExampleJson);
        using var written = Written(AFrame().Build());

        foreach (var field in spec.RootElement.EnumerateObject())
        {
            Assert.Equal(field.Value.GetRawText(), written.RootElement.GetProperty(field.Name).GetRawText());
        }
    }

    [Fact]
    public void The_spec_example_reads_as_the_example_frame()
    {
        Assert.Equal(AFrame().Build(), BeatFrameJson.Parse(SpecExampleJson));
    }

    [Fact]
    public void A_non_downbeat_frame_writes_false()
    {
        using var json = Written(AFrame().AtBeat(1025, downbeat: false).Build());

        Assert.Equal(JsonValueKind.False, json.RootElement.GetProperty("downbeat").ValueKind);
        Assert.Equal(1025, json.RootElement.GetProperty("beat_index").GetInt64());
    }

    [Theory]
    [InlineData("2026-11-22T12:00:05.0000000+00:00", "2026-11-22T12:00:05.000Z")]
    [InlineData("2026-11-22T12:00:05.1230000+00:00", "2026-11-22T12:00:05.123Z")]
    [InlineData("2026-11-22T12:00:05.9999999+00:00", "2026-11-22T12:00:05.999Z")]
    [InlineData("2026-11-22T12:00:05.0004999+00:00", "2026-11-22T12:00:05.000Z")]
    [InlineData("2026-11-22T23:59:59.9995000+00:00", "2026-11-22T23:59:59.999Z")]
    [InlineData("2026-11-22T14:00:05.1230000+02:00", "2026-11-22T12:00:05.123Z")]
    [InlineData("2026-11-22T01:30:00.5000000-11:00", "2026-11-22T12:30:00.500Z")]
    public void The_deadline_is_utc_with_exactly_three_fractional_digits_truncated_and_z(string deadline, string expected)
    {
        var frame = AFrame().WithDeadline(DateTimeOffset.Parse(deadline, CultureInfo.InvariantCulture)).Build();

        using var json = Written(frame);

        Assert.Equal(expected, json.RootElement.GetProperty("deadline_at").GetString());
    }

    [Property]
    public void Any_deadline_is_written_as_an_rfc_3339_utc_millisecond(DateTimeOffset deadline)
    {
        using var json = Written(AFrame().WithDeadline(deadline).Build());
        var text = json.RootElement.GetProperty("deadline_at").GetString()!;

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", text);
        var utc = deadline.UtcTicks;
        Assert.Equal(utc - utc % TimeSpan.TicksPerMillisecond, DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcTicks);
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("12.0", "12")]
    [InlineData("12.000000", "12")]
    [InlineData("120", "120")]
    [InlineData("12.5", "12.5")]
    [InlineData("12.50", "12.5")]
    [InlineData("0.5", "0.5")]
    [InlineData("7.333333", "7.333333")]
    public void The_tempo_is_a_json_number_without_trailing_zeros(string tempo, string expected)
    {
        using var json = Written(AFrame().WithTempo(decimal.Parse(tempo, CultureInfo.InvariantCulture)).Build());

        Assert.Equal(expected, json.RootElement.GetProperty("tempo_bpm").GetRawText());
    }

    [Property]
    public void A_frame_survives_a_round_trip_through_json_text(BeatFrame frame)
    {
        Assert.Equal(frame, BeatFrameJson.Parse(BeatFrameJson.ToJson(frame)));
    }

    [Property]
    public void A_frame_survives_a_round_trip_through_utf8_bytes(BeatFrame frame)
    {
        Assert.Equal(frame, BeatFrameJson.Parse(BeatFrameJson.ToUtf8(frame)));
    }

    [Fact]
    public void A_sub_millisecond_deadline_reads_back_truncated_to_the_millisecond()
    {
        var deadline = new DateTimeOffset(2026, 11, 22, 12, 0, 5, TimeSpan.Zero);
        var frame = AFrame().WithDeadline(deadline.AddTicks(9_999)).Build();

        Assert.Equal(deadline, BeatFrameJson.Parse(BeatFrameJson.ToJson(frame)).DeadlineAt);
    }

    [Fact]
    public void A_fractional_tempo_reads_back_exactly()
    {
        var frame = AFrame().WithTempo(7.333333m).Build();

        Assert.Equal(7.333333m, BeatFrameJson.Parse(BeatFrameJson.ToJson(frame)).TempoBpm);
    }

    [Theory]
    [InlineData("beat_index", "\"1024\"")]
    [InlineData("beat_index", "1024.5")]
    [InlineData("beat_index", "9223372036854775808")]
    [InlineData("beat_index", "true")]
    [InlineData("downbeat", "\"true\"")]
    [InlineData("downbeat", "1")]
    [InlineData("tempo_bpm", "\"12\"")]
    [InlineData("tempo_bpm", "[12]")]
    [InlineData("tempo_bpm", "1e400")]
    [InlineData("tempo_bpm", "79228162514264337593543950336")]
    [InlineData("beat_index", "1e400")]
    [InlineData("deadline_at", "5")]
    [InlineData("deadline_at", "\"yesterday\"")]
    [InlineData("deadline_at", "\"\"")]
    [InlineData("deadline_at", "\"2026-11-22\"")]
    [InlineData("deadline_at", "\"2026-11-22T12:00:05\"")]
    [InlineData("deadline_at", "\"2026-11-22T12:00:05.000\"")]
    [InlineData("deadline_at", "\"11/22/2026 12:00:05\"")]
    [InlineData("deadline_at", "\"Sun, 22 Nov 2026 12:00:05 GMT\"")]
    [InlineData("deadline_at", "\"2026-11-22T12:00Z\"")]
    [InlineData("cluster_id", "5")]
    [InlineData("phase", "[]")]
    [InlineData("hlc", "{}")]
    [InlineData("window_id", "false")]
    [InlineData("type", "7")]
    public void A_field_of_the_wrong_type_or_form_is_a_parse_error(string field, string value)
    {
        Assert.Throws<JsonException>(() => BeatFrameJson.Parse(SpecExampleWith(field, JsonNode.Parse(value))));
    }

    [Theory]
    [InlineData("2026-11-22T12:00:05.000Z", "2026-11-22T12:00:05.000Z")]
    [InlineData("2026-11-22T12:00:05Z", "2026-11-22T12:00:05.000Z")]
    [InlineData("2026-11-22T12:00:05.1Z", "2026-11-22T12:00:05.100Z")]
    [InlineData("2026-11-22T12:00:05.123456Z", "2026-11-22T12:00:05.123Z")]
    [InlineData("2026-11-22T13:30:05.000+01:30", "2026-11-22T12:00:05.000Z")]
    [InlineData("2026-11-22T07:00:05-05:00", "2026-11-22T12:00:05.000Z")]
    public void A_deadline_in_any_rfc_3339_form_reads_as_its_utc_instant(string deadline, string utc)
    {
        var frame = BeatFrameJson.Parse(SpecExampleWith("deadline_at", JsonValue.Create(deadline)));

        Assert.Equal(utc, UtcMillisecondsConverter.ToText(frame.DeadlineAt));
        Assert.Equal(TimeSpan.Zero, frame.DeadlineAt.Offset);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("cluster_id")]
    [InlineData("phase")]
    [InlineData("hlc")]
    [InlineData("window_id")]
    [InlineData("deadline_at")]
    [InlineData("tempo_bpm")]
    [InlineData("beat_index")]
    [InlineData("downbeat")]
    public void A_null_field_is_a_parse_error(string field)
    {
        Assert.Throws<JsonException>(() => BeatFrameJson.Parse(SpecExampleWith(field, null)));
    }

    [Theory]
    [InlineData("type")]
    [InlineData("cluster_id")]
    [InlineData("beat_index")]
    [InlineData("downbeat")]
    [InlineData("phase")]
    [InlineData("hlc")]
    [InlineData("deadline_at")]
    [InlineData("tempo_bpm")]
    [InlineData("window_id")]
    public void A_missing_field_is_a_parse_error_that_names_it(string field)
    {
        var json = JsonNode.Parse(SpecExampleJson)!.AsObject();
        json.Remove(field);

        var error = Assert.Throws<JsonException>(() => BeatFrameJson.Parse(json.ToJsonString()));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Another_frame_type_is_a_parse_error_that_names_it()
    {
        var error = Assert.Throws<JsonException>(
            () => BeatFrameJson.Parse(SpecExampleWith("type", JsonValue.Create("backbeat.beatframe.v2"))));

        Assert.Contains("backbeat.beatframe.v2", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("12")]
    [InlineData("{\"type\":")]
    public void Malformed_json_is_a_parse_error(string json)
    {
        Assert.Throws<JsonException>(() => BeatFrameJson.Parse(json));
    }

    [Fact]
    public void Every_truncation_of_a_frame_is_a_parse_error()
    {
        var json = BeatFrameJson.ToJson(AFrame().Build());

        for (var length = 0; length < json.Length; length++)
        {
            Assert.Throws<JsonException>(() => BeatFrameJson.Parse(json[..length]));
        }
    }

    [Property]
    public void A_frame_with_any_character_replaced_parses_or_is_a_parse_error(PositiveInt position, char replacement)
    {
        var json = BeatFrameJson.ToJson(AFrame().Build()).ToCharArray();
        json[position.Get % json.Length] = replacement;

        var exception = Record.Exception(() => BeatFrameJson.Parse(new string(json)));

        Assert.True(exception is null or JsonException, $"{exception?.GetType()}: {exception?.Message}");
    }

    [Fact]
    public void An_unknown_extra_field_is_ignored()
    {
        var json = JsonNode.Parse(SpecExampleJson)!.AsObject();
        json["leader"] = "pulse-c123";

        Assert.Equal(AFrame().Build(), BeatFrameJson.Parse(json.ToJsonString()));
    }

    private static JsonDocument Written(BeatFrame frame) => JsonDocument.Parse(BeatFrameJson.ToJson(frame));

    private static string SpecExampleWith(string field, JsonNode? value)
    {
        var json = JsonNode.Parse(SpecExampleJson)!.AsObject();
        json[field] = value;
        return json.ToJsonString();
    }
}
