using System.Text.Json.Serialization;

namespace Backbeat.Chaos.Checking;

/// <summary>One scenario's line of <c>artifacts/chaos/summary.json</c>: every run of it, aggregated.</summary>
public sealed record ScenarioResult
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("runs")]
    public required int Runs { get; init; }

    [JsonPropertyName("duplicates")]
    public required int Duplicates { get; init; }

    [JsonPropertyName("regressions")]
    public required int Regressions { get; init; }

    [JsonPropertyName("dual_emitters")]
    public required int DualEmitters { get; init; }

    /// <summary>Times the emitter on NATS changed, over every run: one per failover, more when two leaders interleave.</summary>
    [JsonPropertyName("leader_changes")]
    public required int LeaderChanges { get; init; }

    [JsonPropertyName("max_gap_ms")]
    public required double MaxGapMs { get; init; }

    [JsonPropertyName("max_local_gap_ms")]
    public required double MaxLocalGapMs { get; init; }

    /// <summary>The NATS gap targets of the scenario's runs (a partition's differs with whom it isolated); empty when none applies.</summary>
    [JsonPropertyName("gap_targets_ms")]
    public required IReadOnlyList<double> GapTargetsMs { get; init; }

    [JsonPropertyName("local_gap_target_ms")]
    public required double LocalGapTargetMs { get; init; }

    [JsonPropertyName("max_missed_frames")]
    public required long MaxMissedFrames { get; init; }

    [JsonPropertyName("tempo_violations")]
    public required int TempoViolations { get; init; }

    [JsonPropertyName("tempo_changes_lost")]
    public required int TempoChangesLost { get; init; }

    [JsonPropertyName("local_skips")]
    public required long LocalSkips { get; init; }

    [JsonPropertyName("local_repeats")]
    public required long LocalRepeats { get; init; }

    [JsonPropertyName("passed")]
    public required bool Passed { get; init; }

    [JsonPropertyName("failures")]
    public required IReadOnlyList<string> Failures { get; init; }
}
