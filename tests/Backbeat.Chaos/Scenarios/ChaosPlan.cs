namespace Backbeat.Chaos.Scenarios;

/// <summary>Which scenarios a round runs, how many times each, in order.</summary>
public sealed record ChaosPlan(IReadOnlyList<(IChaosScenario Scenario, int Runs)> Steps)
{
    private static readonly TimeSpan SteadyFor = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan BrokerOutage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PartitionHold = TimeSpan.FromSeconds(6);

    /// <summary>One of each (<c>./build.sh chaos</c>).</summary>
    public static ChaosPlan Short { get; } = Of(leaderKills: 1, gracefulStops: 1, brokerRestarts: 1, partitions: 1, tempoKills: 1);

    /// <summary><c>./build.sh chaos --full</c>.</summary>
    public static ChaosPlan Full { get; } = Of(leaderKills: 20, gracefulStops: 10, brokerRestarts: 10, partitions: 10, tempoKills: 5);

    /// <summary>What the test suite runs: one leader kill, one broker restart.</summary>
    public static ChaosPlan Smoke { get; } = Of(leaderKills: 1, gracefulStops: 0, brokerRestarts: 1, partitions: 0, tempoKills: 0);

    public static ChaosPlan Of(int leaderKills, int gracefulStops, int brokerRestarts, int partitions, int tempoKills) => new(
        new (IChaosScenario, int)[]
        {
            (new SteadyScenario(SteadyFor), 1),
            (LeaderStopScenario.Kill, leaderKills),
            (LeaderStopScenario.Graceful, gracefulStops),
            (new BrokerRestartScenario(BrokerOutage), brokerRestarts),
            (new PartitionScenario(PartitionHold), partitions),
            (new TempoThenKillScenario(), tempoKills),
        }.Where(s => s.Item2 > 0).ToList());
}
