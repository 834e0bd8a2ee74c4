using Backbeat.Timing;

namespace Backbeat.Consumers;

/// <summary>
/// When the <see cref="TempoController"/> moves the tempo. The thresholds leave a band between them where it holds,
/// and each direction needs several windows in a row, so one bad or good bar never moves the tempo.
/// </summary>
public sealed record TempoControllerOptions
{
    /// <summary>Slow down when a window's deadline-miss rate is above this (the guide's 2-5%).</summary>
    public double SlowDownMissRate { get; init; } = 0.05;

    /// <summary>Speed up when a window's completion rate is at least this.</summary>
    public double SpeedUpCompletionRate { get; init; } = 0.98;

    /// <summary>Consecutive slow windows before slowing down.</summary>
    public int SlowDownAfterWindows { get; init; } = 2;

    /// <summary>Consecutive healthy windows before speeding up; more than for slowing down, as being late costs more.</summary>
    public int SpeedUpAfterWindows { get; init; } = 4;

    /// <summary>Fraction to slow down by; at most 10% (REQ-004).</summary>
    public decimal SlowDownStep { get; init; } = 0.10m;

    /// <summary>Fraction to speed up by; at most 10% (REQ-004).</summary>
    public decimal SpeedUpStep { get; init; } = 0.05m;

    /// <summary>Windows ignored after a change was requested, so its effect shows before the next one.</summary>
    public int CooldownWindows { get; init; } = 2;

    /// <summary>A window with fewer claims says too little to act on.</summary>
    public int MinClaims { get; init; } = 3;

    /// <summary>A floor of the controller's own, above the cluster's min_bpm; null means the cluster's.</summary>
    public decimal? MinBpm { get; init; }

    /// <summary>A ceiling of the controller's own, below the cluster's max_bpm; null means the cluster's.</summary>
    public decimal? MaxBpm { get; init; }

    /// <summary>Throws with the name and value of the first setting that makes no sense.</summary>
    public TempoControllerOptions Validated()
    {
        Require(SlowDownMissRate is >= 0 and < 1, nameof(SlowDownMissRate), SlowDownMissRate, "in [0, 1)");
        Require(SpeedUpCompletionRate is > 0 and <= 1, nameof(SpeedUpCompletionRate), SpeedUpCompletionRate, "in (0, 1]");
        Require(SlowDownAfterWindows >= 1, nameof(SlowDownAfterWindows), SlowDownAfterWindows, "at least 1");
        Require(SpeedUpAfterWindows >= 1, nameof(SpeedUpAfterWindows), SpeedUpAfterWindows, "at least 1");
        Require(SlowDownStep is > 0 and <= TempoRules.MaxChangeRatio, nameof(SlowDownStep), SlowDownStep, "in (0, 0.10]");
        Require(SpeedUpStep is > 0 and <= TempoRules.MaxChangeRatio, nameof(SpeedUpStep), SpeedUpStep, "in (0, 0.10]");
        Require(CooldownWindows >= 0, nameof(CooldownWindows), CooldownWindows, "0 or more");
        Require(MinClaims >= 1, nameof(MinClaims), MinClaims, "at least 1");
        Require(MinBpm is null or > 0, nameof(MinBpm), MinBpm, "positive");
        Require(MaxBpm is null || MaxBpm >= (MinBpm ?? 0), nameof(MaxBpm), MaxBpm, "at least MinBpm");
        return this;
    }

    private static void Require(bool ok, string name, object? value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}, got {value}");
        }
    }
}

/// <summary>Adaptive tempo for the <see cref="WindowAggregator"/>: off by default.</summary>
public sealed record AdaptiveTempoOptions
{
    public bool Enabled { get; init; }

    public TempoControllerOptions Controller { get; init; } = new();

    /// <summary>How long the leader may take to answer a tempo question or request.</summary>
    public TimeSpan LeaderTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
