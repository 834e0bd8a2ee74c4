using Backbeat.Chaos.Cluster;

namespace Backbeat.Chaos.Scenarios;

/// <summary>The steps every scenario ends with: bring the cluster back whole, then watch it a while longer.</summary>
internal static class Recovery
{
    /// <summary>How long after a new emitter may take over before the harness calls it a failure (far above the target).</summary>
    public static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Watching after recovery: late duplicates or a second emitter would show here.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>Waits for the cluster to be whole; returns (recovered at, window end, problem if it never was).</summary>
    public static async Task<(double RecoveredMs, double WindowEndMs, string? Problem)> FinishAsync(ChaosCluster cluster, CancellationToken cancellationToken)
    {
        var wrong = await cluster.WaitWholeAsync(cluster.Settings.StartTimeout, cancellationToken);
        var recovered = cluster.NowMs;
        await Task.Delay(Settle, cancellationToken);
        return (recovered, cluster.NowMs, wrong is null ? null : $"the cluster did not recover: {wrong}");
    }
}
