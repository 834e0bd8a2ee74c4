using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>nats-server dies (SIGKILL) and comes back on the same port after an outage; the cluster itself is untouched.</summary>
public sealed class BrokerRestartScenario(TimeSpan outage) : IChaosScenario
{
    public string Name => "broker-restart";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var injected = cluster.NowMs;
        cluster.Nats.Kill9();
        await Task.Delay(outage, cancellationToken);
        var restarted = cluster.NowMs;
        await cluster.Nats.StartAsync(TimeSpan.FromSeconds(10), cancellationToken);
        if (!await cluster.WaitForNatsFramesAsync(restarted, 3, Recovery.TakeOverTimeout, cancellationToken))
        {
            problems.Add($"no frames on NATS within {Recovery.TakeOverTimeout.TotalSeconds:F0} s of the broker's restart");
        }

        var (recovered, end, problem) = await Recovery.FinishAsync(cluster, cancellationToken);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return new FaultRecord(Name, run, FaultKind.BrokerRestart, "nats-server", false, injected, recovered, end,
            cluster.Nodes.Select(n => n.NodeId).ToList(), Problems: problems);
    }
}
