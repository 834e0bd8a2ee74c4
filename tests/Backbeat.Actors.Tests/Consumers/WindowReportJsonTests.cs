using System.Text;
using System.Text.Json;
using Backbeat.Consumers;

namespace Backbeat.Tests.Consumers;

public sealed class WindowReportJsonTests
{
    private static readonly WindowReport Report = new()
    {
        ClusterId = "chorus-aus-01",
        WindowId = "5c7aea7716dacd88df9d300960ab426b",
        DownbeatIndex = 1024,
        Beats = 8,
        TempoBpm = 12.0m,
        ClosedAt = new DateTimeOffset(2026, 11, 22, 12, 0, 5, 123, TimeSpan.Zero),
        Participants = 1,
        Claims = 2,
        Done = 1,
        Late = 1,
        Failed = 0,
        CompletionRate = 0.5,
        DeadlineMissRate = 0.5,
        FailureRate = 0,
        SlowestAgents = [new AgentSummary("agent-7", 2, 1, 1, 0, 12.5, 20)],
        Phases = [new PhaseSummary("work", 2, 1, 1, 0, 12.5, 20)],
    };

    [Fact]
    public void A_report_is_written_in_its_published_shape()
    {
        var json = Encoding.UTF8.GetString(WindowReportJson.ToUtf8(Report));

        Assert.Equal(
            """{"type":"backbeat.window.v1","cluster_id":"chorus-aus-01","window_id":"5c7aea7716dacd88df9d300960ab426b","downbeat_index":1024,"beats":8,"tempo_bpm":12,"closed_at":"2026-11-22T12:00:05.123Z","participants":1,"claims":2,"done":1,"late":1,"failed":0,"completion_rate":0.5,"deadline_miss_rate":0.5,"failure_rate":0,"slowest_agents":[{"agent_id":"agent-7","claims":2,"done":1,"late":1,"failed":0,"mean_duration_ms":12.5,"max_duration_ms":20}],"phases":[{"phase":"work","claims":2,"done":1,"late":1,"failed":0,"mean_duration_ms":12.5,"max_duration_ms":20}]}""",
            json);
    }

    [Fact]
    public void A_window_without_claims_or_frames_writes_nulls_for_what_it_does_not_know()
    {
        var empty = Report with { TempoBpm = null, Claims = 0, Done = 0, Late = 0, Participants = 0, CompletionRate = null, DeadlineMissRate = null, FailureRate = null, SlowestAgents = [], Phases = [] };

        var root = JsonDocument.Parse(WindowReportJson.ToUtf8(empty)).RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("tempo_bpm").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("completion_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("deadline_miss_rate").ValueKind);
        Assert.Empty(root.GetProperty("slowest_agents").EnumerateArray());
    }

    [Fact]
    public void A_published_report_parses_back()
    {
        var back = WindowReportJson.Parse(WindowReportJson.ToUtf8(Report));

        Assert.Equal(WindowReportJson.ToUtf8(Report), WindowReportJson.ToUtf8(back));
    }

    [Fact]
    public void A_report_missing_a_field_does_not_parse()
    {
        Assert.Throws<JsonException>(() => WindowReportJson.Parse("""{"type":"backbeat.window.v1","cluster_id":"c"}"""u8));
    }
}
