using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>
/// The leader acknowledges a tempo change (stored with a majority write before the 202, SPEC §4) and is killed right
/// after, before the change's downbeat: the new leader must apply it at the promised beat, on a downbeat, once.
/// Tempos alternate 60 ↔ 66 BPM (within the 10% rule both ways).
/// </summary>
public sealed class TempoThenKillScenario : IChaosScenario
{
    private static readonly TimeSpan PromiseTimeout = TimeSpan.FromSeconds(30);

    public string Name => "tempo-then-kill";

    public async Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var leader = await cluster.LeaderAsync(cancellationToken);
        var survivors = cluster.Nodes.Where(n => n != leader).Select(n => n.NodeId).ToList();
        var current = cluster.Recorder.NatsSince(cluster.NowMs - 2_000).LastOrDefault()?.Frame.TempoBpm ?? cluster.Settings.Bpm;
        var next = current == cluster.Settings.Bpm ? cluster.Settings.Bpm * 1.1m : cluster.Settings.Bpm;

        var acknowledged = await leader.ChangeTempoAsync(next, $"chaos run {run}: tempo change just before a leader kill", cancellationToken);
        var injected = cluster.NowMs;
        leader.Kill9();

        if (!await cluster.WaitForEmitterOtherThanAsync(leader.NodeId, injected, Recovery.TakeOverTimeout, cancellationToken))
        {
            problems.Add($"no other node emitted within {Recovery.TakeOverTimeout.TotalSeconds:F0} s of killing {leader.NodeId}");
        }

        await cluster.RestartAsync(leader, cancellationToken);

        // Wait until the promised beat has been published (or clearly never will be), so the checker can see it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < PromiseTimeout
               && !cluster.Recorder.NatsSince(injected).Any(b => b.Frame.BeatIndex > acknowledged.EffectiveBeatIndex))
        {
            await Task.Delay(100, cancellationToken);
        }

        var (recovered, end, problem) = await Recovery.FinishAsync(cluster, cancellationToken);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return new FaultRecord(Name, run, FaultKind.TempoChangeThenKill, leader.NodeId, true, injected, recovered, end, survivors,
            new TempoPromise(acknowledged.EffectiveBeatIndex, acknowledged.TempoBpm), problems);
    }
}
