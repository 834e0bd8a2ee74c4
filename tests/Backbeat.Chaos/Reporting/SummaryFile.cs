using System.Text.Json;
using System.Text.Json.Serialization;
using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Scenarios;

namespace Backbeat.Chaos.Reporting;

/// <summary>
/// <c>summary.json</c> (<c>scenarios</c>: one line per scenario) and <c>runs.json</c> (every fault's own verdict,
/// for finding the run behind a figure).
/// </summary>
public static class SummaryFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(string directory, RoundReport report, string plan)
    {
        Directory.CreateDirectory(directory);
        var summary = Path.Combine(directory, "summary.json");
        File.WriteAllText(summary, JsonSerializer.Serialize(new
        {
            plan,
            passed = report.Passed,
            aborted = report.Aborted,
            nats_frames = report.History.Nats.Count,
            local_frames = report.History.Local.Count,
            unreadable_frames = report.UnreadableFrames,
            scenarios = report.Scenarios,
        }, Options));

        File.WriteAllText(Path.Combine(directory, "runs.json"), JsonSerializer.Serialize(new
        {
            runs = report.Verdicts.Select(v => new
            {
                scenario = v.Fault.Scenario,
                run = v.Fault.Run,
                kind = v.Fault.Kind.ToString(),
                target = v.Fault.Target,
                target_was_leader = v.Fault.TargetWasLeader,
                injected_ms = Math.Round(v.Fault.InjectedMs),
                recovered_ms = Math.Round(v.Fault.RecoveredMs),
                window_end_ms = Math.Round(v.Fault.WindowEndMs),
                survivors = v.Fault.Survivors,
                duplicates = v.Duplicates,
                regressions = v.Regressions,
                dual_emitters = v.DualEmitters,
                leader_changes = v.LeaderChanges,
                tempo_violations = v.TempoViolations,
                tempo_changes_lost = v.TempoChangesLost,
                max_gap_ms = Math.Round(v.MaxGapMs),
                max_missed_frames = v.MaxMissedFrames,
                max_local_gap_ms = Math.Round(v.MaxLocalGapMs),
                local_skips = v.LocalSkips,
                local_repeats = v.LocalRepeats,
                failures = v.Failures,
            }),
        }, Options));
        // The raw recording, one line per frame, for looking behind any figure.
        File.WriteAllLines(Path.Combine(directory, "nats.csv"),
            report.History.Nats.Select(b => Csv(b.ReceivedMs, "nats", b.Frame)).Prepend(CsvHeader));
        File.WriteAllLines(Path.Combine(directory, "local.csv"),
            report.History.Local.Select(b => Csv(b.ReceivedMs, $"{b.NodeId}#{b.Session}{(b.IsLocal ? ":local" : string.Empty)}", b.Frame)).Prepend(CsvHeader));
        return summary;
    }

    private const string CsvHeader = "received_ms,source,beat_index,phase,hlc,tempo_bpm";

    private static string Csv(double receivedMs, string source, Backbeat.Contracts.BeatFrame frame) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{receivedMs:F1},{source},{frame.BeatIndex},{frame.Phase},{frame.Hlc},{frame.TempoBpm}");
}
