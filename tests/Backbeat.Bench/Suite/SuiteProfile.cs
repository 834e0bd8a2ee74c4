namespace Backbeat.Bench.Suite;

/// <summary>How long each scenario runs: the short suite (under 3 minutes in all) or the full one (`--full`).</summary>
internal sealed record SuiteProfile(bool Full)
{
    /// <summary>Frames per lateness driver at 120 BPM, 3 phases (6 frames a second): 2 minutes, short 30 s.</summary>
    public int LatenessFrames => Full ? 720 : 180;

    public IReadOnlyList<decimal> CeilingSteps => Full
        ? [600, 1200, 1800, 2400, 3000, 3600, 4200, 4800, 5400, 6000, 7200, 8400, 9600, 10800, 12000]
        : [600, 1200, 2400, 4800, 6000, 9000, 12000];

    public TimeSpan CeilingHold => Full ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(2);

    /// <summary>The ramp stops once this many steps in a row missed frames (a p99 over the limit alone does not stop it).</summary>
    public int CeilingStopAfterMissingSteps => 2;

    public int FanoutSubscribers => 10_000;

    public TimeSpan FanoutDuration => Full ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(10);

    public TimeSpan DriftDuration => Full ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the node runs before its cost is measured: tiered JIT keeps recompiling the once-a-frame paths for
    /// the first ~45 s (0.3% of a core at 30 s, 0–0.2% at 45 s), which is start-up, not idle cost.
    /// </summary>
    public TimeSpan CostSettle => Full ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(50);

    /// <summary>The cost window (short: 20 s, about 20 of /proc's 10 ms CPU ticks at 1% of a core).</summary>
    public TimeSpan CostDuration => Full ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(20);

    /// <summary>
    /// Each of the two NATS measurements (one subscriber, then 500 subscriptions): 150 frames (short), so the p99 is
    /// the second-largest value rather than the largest (720 in the full suite); they run beside the drift minute and
    /// the cost scenario, which together bound the short suite's 3 minutes.
    /// </summary>
    public TimeSpan NatsDuration => Full ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(25);

    public string Name => Full ? "full" : "short";
}
