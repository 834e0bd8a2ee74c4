using System.Diagnostics;
using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>
/// A 2|1 partition at the socket level: one backbeat node is cut off from the lighthouse and the other two nodes
/// (its proxies refuse and drop every connection between them), held, then healed. Odd runs isolate the leader,
/// even runs a follower. The isolated node keeps its NATS connection: if it kept emitting after the majority
/// elected a new leader, NATS would show two emitters. The split-brain resolver downs the isolated side, so after
/// the heal it is started again if it stopped.
/// </summary>
public sealed class PartitionScenario(TimeSpan hold) : IChaosScenario
{
    private static readonly TimeSpan DetectionTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SelfDownTimeout = TimeSpan.FromSeconds(20);

    public string Name => "partition";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var leader = await cluster.LeaderAsync(cancellationToken);
        var isolated = run % 2 == 1 ? leader : cluster.Nodes.First(n => n != leader);
        var majority = cluster.Nodes.Where(n => n != isolated).ToList();

        var injected = cluster.NowMs;
        var links = cluster.Network.Isolate(isolated.NodeId);
        await Task.Delay(100, cancellationToken);
        var relayedAtCut = links.ToDictionary(l => l, cluster.Network.BytesRelayed);

        if (!await cluster.WaitUntilCutOffAsync(majority[0], isolated.NodeId, DetectionTimeout, cancellationToken))
        {
            problems.Add($"{majority[0].NodeId} still counted {isolated.NodeId} as up and reachable {DetectionTimeout.TotalSeconds:F0} s into the partition");
        }

        if (isolated == leader && !await cluster.WaitForEmitterOtherThanAsync(isolated.NodeId, injected, Recovery.TakeOverTimeout, cancellationToken))
        {
            problems.Add($"the majority did not start a new leader within {Recovery.TakeOverTimeout.TotalSeconds:F0} s");
        }

        var left = TimeSpan.FromMilliseconds(injected + hold.TotalMilliseconds - cluster.NowMs);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, cancellationToken);
        }

        // The proof that the cut is real: not one byte crossed any cut link while it was cut.
        foreach (var link in links)
        {
            var leaked = cluster.Network.BytesRelayed(link) - relayedAtCut[link];
            if (leaked > 0 || cluster.Network.OpenConnections(link) > 0)
            {
                problems.Add($"the cut of {link} leaked: {leaked} bytes relayed, {cluster.Network.OpenConnections(link)} connections open");
            }
        }

        cluster.Network.HealAll();

        // Downed by the majority and by its own resolver, the isolated node's ActorSystem ends and the process with
        // it. Should it linger, it is stopped in order: a member that can never rejoin is of no use.
        var clock = Stopwatch.StartNew();
        while (isolated.IsRunning && clock.Elapsed < SelfDownTimeout)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (isolated.IsRunning)
        {
            Console.Error.WriteLine($"  note: {isolated.NodeId} was still running {SelfDownTimeout.TotalSeconds:F0} s after the heal; stopping it");
            await isolated.TerminateAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        await cluster.RestartAsync(isolated, cancellationToken);
        var (recovered, end, problem) = await Recovery.FinishAsync(cluster, cancellationToken);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return new FaultRecord(Name, run, FaultKind.Partition, isolated.NodeId, isolated == leader, injected, recovered, end,
            majority.Select(n => n.NodeId).ToList(), Problems: problems);
    }
}
