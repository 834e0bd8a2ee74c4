using System.Diagnostics;
using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>
/// The leader's process is frozen with SIGSTOP (a long GC pause, a VM freeze) and thawed with SIGCONT after a hold.
/// Its sockets stay open, so peers see a silent node, not a crashed one. A long hold outlasts failure detection and
/// downing: the others elect a new leader, and the hold lasts at least until it emits, so the woken node is a zombie
/// leader whose timer is overdue and which has not yet heard that it was downed. A short hold (a fraction of failure
/// detection) must not fail over at all: the same leader carries on, catching up the frames that fell due meanwhile.
/// A node that was downed ends with its ActorSystem; it is started again once it has gone, so the next run finds
/// the cluster whole.
/// </summary>
public sealed class LeaderPauseScenario : IChaosScenario
{
    private static readonly TimeSpan SelfDownTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long after a short pause began a failover would still show: the slowest takeover the suite allows after a
    /// silent node (<see cref="Checking.ChaosTargets.KillGapBoundMs"/>).
    /// </summary>
    private static readonly TimeSpan FailoverWatch = TimeSpan.FromMilliseconds(Checking.ChaosTargets.KillGapBoundMs);

    private static readonly TimeSpan MinimumWatch = TimeSpan.FromMilliseconds(200);

    private readonly TimeSpan _hold;
    private readonly bool _outlastsDetection;

    private LeaderPauseScenario(TimeSpan hold, bool outlastsDetection)
    {
        _hold = hold;
        _outlastsDetection = outlastsDetection;
    }

    /// <summary>Frozen for longer than failure detection and downing: the others must take over.</summary>
    public static LeaderPauseScenario Long(TimeSpan hold) => new(hold, outlastsDetection: true);

    /// <summary>Frozen for a fraction of failure detection: the leader must stay.</summary>
    public static LeaderPauseScenario Short(TimeSpan hold) => new(hold, outlastsDetection: false);

    public string Name => _outlastsDetection ? "leader-pause" : "short-pause";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var leader = await cluster.LeaderAsync(cancellationToken);
        var others = cluster.Nodes.Where(n => n != leader).Select(n => n.NodeId).ToList();
        var injected = cluster.NowMs;
        leader.Pause();
        try
        {
            if (_outlastsDetection && !await cluster.WaitForEmitterOtherThanAsync(leader.NodeId, injected, Recovery.TakeOverTimeout, cancellationToken))
            {
                problems.Add($"no other node emitted within {Recovery.TakeOverTimeout.TotalSeconds:F0} s of pausing {leader.NodeId}");
            }

            var left = TimeSpan.FromMilliseconds(injected + _hold.TotalMilliseconds - cluster.NowMs);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }
        }
        finally
        {
            leader.Resume();
        }

        // A short pause that got the leader downed all the same is judged by the checker (the emitter changed);
        // here it only means the node has to be brought back like after a long one.
        var watchLeft = FailoverWatch - TimeSpan.FromMilliseconds(cluster.NowMs - injected);
        var failedOver = _outlastsDetection
            || await cluster.WaitForEmitterOtherThanAsync(leader.NodeId, injected, watchLeft > MinimumWatch ? watchLeft : MinimumWatch, cancellationToken);
        if (failedOver)
        {
            await AwaitDownedNodeGoneAsync(leader, cancellationToken);
        }

        await cluster.RestartAsync(leader, cancellationToken);
        var (recovered, end, problem) = await Recovery.FinishAsync(cluster, cancellationToken);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        // After a short pause every node kept its place, the paused one included: all of them must deliver every slot.
        var survivors = _outlastsDetection ? others : cluster.Nodes.Select(n => n.NodeId).ToList();
        return new FaultRecord(Name, run, _outlastsDetection ? FaultKind.LeaderPause : FaultKind.LeaderShortPause, leader.NodeId, true,
            injected, recovered, end, survivors, Problems: problems);
    }

    /// <summary>
    /// A downed node's ActorSystem ends once the node hears of its downing, and the process with it. Should it linger
    /// it is stopped in order: a member that was downed can never rejoin.
    /// </summary>
    private static async Task AwaitDownedNodeGoneAsync(NodeProcess node, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (node.IsRunning && clock.Elapsed < SelfDownTimeout)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (node.IsRunning)
        {
            Console.Error.WriteLine($"  note: {node.NodeId} was still running {SelfDownTimeout.TotalSeconds:F0} s after it woke from its pause; stopping it");
            await node.TerminateAsync(TerminateTimeout, cancellationToken);
        }
    }
}
