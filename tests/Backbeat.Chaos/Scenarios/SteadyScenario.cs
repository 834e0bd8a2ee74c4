using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>No fault: the baseline gaps of an undisturbed cluster, measured the same way as the faults'.</summary>
public sealed class SteadyScenario(TimeSpan duration) : IChaosScenario
{
    public string Name => "steady";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var start = cluster.NowMs;
        await Task.Delay(duration, cancellationToken);
        var end = cluster.NowMs;
        return new FaultRecord(Name, run, FaultKind.Steady, null, false, start, end, end, cluster.Nodes.Select(n => n.NodeId).ToList());
    }
}
