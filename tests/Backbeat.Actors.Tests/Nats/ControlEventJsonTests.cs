using System.Text.Json;
using Backbeat.Contracts;

namespace Backbeat.Tests.Nats;

/// <summary>SPEC §3: control events are <c>{"type":"backbeat.control.v1","cluster_id","event","hlc",...}</c>.</summary>
public sealed class ControlEventJsonTests
{
    [Fact]
    public void Tempo_scheduled_carries_tempo_effective_beat_instant_and_justification()
    {
        var scheduled = new TempoScheduledEvent
        {
            ClusterId = "chorus-aus-01",
            Hlc = "18c1f2a3b4d:0001:c123",
            TempoBpm = 12.5m,
            EffectiveBeatIndex = 1032,
            EffectiveAt = new DateTimeOffset(2026, 11, 22, 12, 0, 40, 123, TimeSpan.Zero).AddTicks(4567),
            Justification = "quieter night shift",
        };

        Assert.Equal(
            """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"tempo_scheduled","hlc":"18c1f2a3b4d:0001:c123","tempo_bpm":12.5,"effective_beat_index":1032,"effective_at":"2026-11-22T12:00:40.123Z","justification":"quieter night shift"}""",
            ControlEventJson.ToJson(scheduled));
    }

    [Fact]
    public void Tempo_scheduled_without_a_reason_says_null()
    {
        var scheduled = new TempoScheduledEvent
        {
            ClusterId = "c",
            Hlc = "1:0000:c123",
            TempoBpm = 12.0m,
            EffectiveBeatIndex = 8,
            EffectiveAt = DateTimeOffset.UnixEpoch,
            Justification = null,
        };

        Assert.EndsWith("""
            "tempo_bpm":12,"effective_beat_index":8,"effective_at":"1970-01-01T00:00:00.000Z","justification":null}
            """, ControlEventJson.ToJson(scheduled));
    }

    [Fact]
    public void Tempo_applied_carries_tempo_and_first_beat()
    {
        var applied = new TempoAppliedEvent { ClusterId = "chorus-aus-01", Hlc = "18c1f2a3b4e:0000:c123", TempoBpm = 13, BeatIndex = 1032 };

        Assert.Equal(
            """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"tempo_applied","hlc":"18c1f2a3b4e:0000:c123","tempo_bpm":13,"beat_index":1032}""",
            ControlEventJson.ToJson(applied));
    }

    [Fact]
    public void Leader_changed_carries_the_new_leaders_node_id()
    {
        var changed = new LeaderChangedEvent { ClusterId = "chorus-aus-01", Hlc = "18c1f2a3b4f:0000:d456", NodeId = "pulse-00d456" };

        Assert.Equal(
            """{"type":"backbeat.control.v1","cluster_id":"chorus-aus-01","event":"leader_changed","hlc":"18c1f2a3b4f:0000:d456","node_id":"pulse-00d456"}""",
            ControlEventJson.ToJson(changed));
    }

    [Fact]
    public void Each_event_reads_back_as_itself()
    {
        ControlEvent[] events =
        [
            new TempoScheduledEvent { ClusterId = "c", Hlc = "1:0000:c123", TempoBpm = 0.5m, EffectiveBeatIndex = 16, EffectiveAt = DateTimeOffset.UnixEpoch, Justification = "why" },
            new TempoAppliedEvent { ClusterId = "c", Hlc = "2:0000:c123", TempoBpm = 0.5m, BeatIndex = 16 },
            new LeaderChangedEvent { ClusterId = "c", Hlc = "3:0000:c123", NodeId = "pulse-abcdef" },
        ];

        Assert.Equal(events, events.Select(e => ControlEventJson.Parse(ControlEventJson.ToUtf8(e))));
    }

    [Theory]
    [InlineData("""{"type":"backbeat.control.v1","cluster_id":"c","event":"tempo_exploded","hlc":"1:0000:c123"}""", "unknown control event 'tempo_exploded'")]
    [InlineData("""{"type":"backbeat.beatframe.v1","cluster_id":"c","event":"leader_changed","hlc":"1:0000:c123","node_id":"n"}""", "unexpected control event type")]
    [InlineData("""{"type":"backbeat.control.v1","cluster_id":"c","hlc":"1:0000:c123","node_id":"n"}""", "unknown control event ''")]
    [InlineData("""[1,2]""", "is a JSON object")]
    public void Anything_else_is_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<JsonException>(() => ControlEventJson.Parse(json));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_missing_field_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => ControlEventJson.Parse("""{"type":"backbeat.control.v1","cluster_id":"c","event":"leader_changed","hlc":"1:0000:c123"}"""));
    }
}
