using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>What a round leaves: the recording, each fault's verdict, and the per-scenario summary.</summary>
public sealed record RoundReport(
    ChaosHistory History,
    IReadOnlyList<FaultVerdict> Verdicts,
    IReadOnlyList<ScenarioResult> Scenarios,
    string? Aborted,
    int UnreadableFrames)
{
    public bool Passed => Aborted is null && UnreadableFrames == 0 && Scenarios.All(s => s.Passed);
}

/// <summary>Starts the cluster, runs a plan's scenarios one run after another, then judges the whole recording.</summary>
public static class ChaosRound
{
    private const int MinThreads = 32;

    public static async Task<RoundReport> RunAsync(ChaosSettings settings, ChaosPlan plan, TextWriter progress, CancellationToken cancellationToken)
    {
        // Receive times are stamped when a continuation runs: a starved thread pool would show up as gaps that no
        // node caused (seen in the test host, where other tests share the pool). Threads are cheap next to that.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(completionPorts, MinThreads));

        var recorder = new HistoryRecorder(new ChaosClock());
        string? aborted = null;
        int unreadable;
        progress.WriteLine($"chaos: starting nats-server, a lighthouse and {settings.NodeIds.Count} nodes at {settings.Bpm} BPM");
        await using (var cluster = await ChaosCluster.StartAsync(settings, recorder, cancellationToken))
        {
            progress.WriteLine($"chaos: cluster up after {recorder.Clock.NowMs / 1000:F1} s; logs in {cluster.LogDirectory}");
            foreach (var (scenario, runs) in plan.Steps)
            {
                for (var run = 1; run <= runs && aborted is null; run++)
                {
                    var started = recorder.Clock.NowMs;
                    try
                    {
                        var fault = await scenario.RunAsync(cluster, run, cancellationToken);
                        recorder.OnFault(fault);
                        var problems = fault.Problems is { Count: > 0 } p ? " — " + string.Join("; ", p) : string.Empty;
                        progress.WriteLine($"chaos: {scenario.Name} {run}/{runs} on {fault.Target ?? "-"} done in {(recorder.Clock.NowMs - started) / 1000:F1} s{problems}");
                    }
                    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                    {
                        aborted = $"{scenario.Name} run {run}: {ex.Message}";
                        progress.WriteLine($"chaos: aborted, {aborted}");
                    }
                }
            }

            unreadable = cluster.UnreadableFrames;
        }

        var history = recorder.Snapshot();
        var checker = new HistoryChecker(ClockShape.Default with { Bar = settings.Bar });
        var verdicts = checker.Judge(history);
        return new RoundReport(history, verdicts, HistoryChecker.Summarize(verdicts), aborted, unreadable);
    }
}
