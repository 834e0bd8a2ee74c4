namespace Backbeat.Chaos.Scenarios;

/// <summary>Which scenarios a round runs, how many times each, in order.</summary>
public sealed record ChaosPlan(IReadOnlyList<(IChaosScenario Scenario, int Runs)> Steps)
{
    private static readonly TimeSpan SteadyFor = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan BrokerOutage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PartitionHold = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Well past failure detection and downing (~1.5 s for a silent node): the new leader has emitted for a while when
    /// the old one wakes. Under 64 frames (21 s at the harness' 60 BPM), so the woken leader's timer is overdue by
    /// fewer frames than it would jump; it tries to catch them up.
    /// </summary>
    private static readonly TimeSpan LeaderPauseHold = TimeSpan.FromSeconds(4);

    /// <summary>About a third of failure detection (~0.85 s), under the 500 ms acceptable heartbeat pause.</summary>
    private static readonly TimeSpan ShortPauseHold = TimeSpan.FromMilliseconds(300);

    /// <summary>One of each (<c>./build.sh chaos</c>).</summary>
    public static ChaosPlan Short { get; } = Of(leaderKills: 1, gracefulStops: 1, brokerRestarts: 1, partitions: 1, tempoKills: 1, leaderPauses: 1, shortPauses: 1);

    /// <summary><c>./build.sh chaos --full</c>.</summary>
    public static ChaosPlan Full { get; } = Of(leaderKills: 20, gracefulStops: 10, brokerRestarts: 10, partitions: 10, tempoKills: 5, leaderPauses: 10, shortPauses: 10);

    /// <summary>What the test suite runs: one leader kill, one broker restart.</summary>
    public static ChaosPlan Smoke { get; } = Of(leaderKills: 1, gracefulStops: 0, brokerRestarts: 1, partitions: 0, tempoKills: 0, leaderPauses: 0, shortPauses: 0);

    public static ChaosPlan Of(int leaderKills, int gracefulStops, int brokerRestarts, int partitions, int tempoKills, int leaderPauses, int shortPauses) => new(
        new (IChaosScenario, int)[]
        {
            (new SteadyScenario(SteadyFor), 1),
            (LeaderStopScenario.Kill, leaderKills),
            (LeaderStopScenario.Graceful, gracefulStops),
            (new BrokerRestartScenario(BrokerOutage), brokerRestarts),
            (new PartitionScenario(PartitionHold), partitions),
            (new TempoThenKillScenario(), tempoKills),
            (LeaderPauseScenario.Long(LeaderPauseHold), leaderPauses),
            (LeaderPauseScenario.Short(ShortPauseHold), shortPauses),
        }.Where(s => s.Item2 > 0).ToList());
}
