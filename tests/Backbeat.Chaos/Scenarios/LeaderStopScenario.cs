using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>
/// The leader's process is stopped, by SIGKILL (a crash) or SIGTERM (an orderly shutdown running
/// CoordinatedShutdown), and started again with the same flags once another node emits.
/// </summary>
public sealed class LeaderStopScenario : IChaosScenario
{
    private static readonly TimeSpan GracefulTimeout = TimeSpan.FromSeconds(20);

    private readonly bool _graceful;

    private LeaderStopScenario(bool graceful) => _graceful = graceful;

    public static LeaderStopScenario Kill { get; } = new(graceful: false);

    public static LeaderStopScenario Graceful { get; } = new(graceful: true);

    public string Name => _graceful ? "graceful-stop" : "leader-kill";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var leader = await cluster.LeaderAsync(cancellationToken);
        var survivors = cluster.Nodes.Where(n => n != leader).Select(n => n.NodeId).ToList();
        var injected = cluster.NowMs;
        if (_graceful)
        {
            if (!await leader.TerminateAsync(GracefulTimeout, cancellationToken))
            {
                problems.Add($"{leader.NodeId} did not exit within {GracefulTimeout.TotalSeconds:F0} s of SIGTERM and was killed");
            }
        }
        else
        {
            leader.Kill9();
        }

        if (!await cluster.WaitForEmitterOtherThanAsync(leader.NodeId, injected, Recovery.TakeOverTimeout, cancellationToken))
        {
            problems.Add($"no other node emitted within {Recovery.TakeOverTimeout.TotalSeconds:F0} s of stopping {leader.NodeId}");
        }

        await cluster.RestartAsync(leader, cancellationToken);
        var (recovered, end, problem) = await Recovery.FinishAsync(cluster, cancellationToken);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return new FaultRecord(Name, run, _graceful ? FaultKind.GracefulStop : FaultKind.LeaderKill, leader.NodeId, true,
            injected, recovered, end, survivors, Problems: problems);
    }
}
