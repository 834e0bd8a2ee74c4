namespace Backbeat.Consumers;

/// <summary>How the <see cref="WindowAggregator"/> closes windows and how much it keeps.</summary>
public sealed record WindowAggregatorOptions
{
    /// <summary>The configuration section these options bind from (adaptive tempo under <c>Adaptive</c>, its thresholds under <c>Adaptive:Controller</c>).</summary>
    public const string SectionName = "Backbeat:Windows";

    /// <summary>Reports kept in memory for <c>GET /windows</c>, newest first.</summary>
    public int KeepWindows { get; init; } = 100;

    /// <summary>
    /// A window closes this many phases after its bar ended, so that claims for the bar's last phase, sent at its
    /// deadline, still count.
    /// </summary>
    public int CloseAfterPhases { get; init; } = 1;

    /// <summary>How many of the slowest agents a report names.</summary>
    public int SlowestAgents { get; init; } = 5;

    /// <summary>Claims one window accepts; more are refused as overflow, so memory stays bounded.</summary>
    public int MaxClaimsPerWindow { get; init; } = 100_000;

    /// <summary>
    /// Claims this many frames ahead of the last frame the aggregator saw are still accepted: a consumer on another
    /// node may get a frame a moment before the aggregator's node does.
    /// </summary>
    public int FutureToleranceFrames { get; init; } = 1;

    /// <summary>Adaptive tempo; off unless set and <see cref="AdaptiveTempoOptions.Enabled"/>.</summary>
    public AdaptiveTempoOptions Adaptive { get; init; } = new();

    /// <summary>Throws with the name and value of the first setting that makes no sense.</summary>
    public WindowAggregatorOptions Validated()
    {
        Require(KeepWindows >= 1, nameof(KeepWindows), KeepWindows, "at least 1");
        Require(CloseAfterPhases >= 0, nameof(CloseAfterPhases), CloseAfterPhases, "0 or more");
        Require(SlowestAgents >= 0, nameof(SlowestAgents), SlowestAgents, "0 or more");
        Require(MaxClaimsPerWindow >= 1, nameof(MaxClaimsPerWindow), MaxClaimsPerWindow, "at least 1");
        Require(FutureToleranceFrames >= 0, nameof(FutureToleranceFrames), FutureToleranceFrames, "0 or more");
        Adaptive.Controller.Validated();
        return this;
    }

    private static void Require(bool ok, string name, int value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}, got {value}");
        }
    }
}
