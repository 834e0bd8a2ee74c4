using System.Diagnostics;
using Backbeat.Bench.Suite;

namespace Backbeat.Bench.Cost;

/// <summary>
/// Cost of an idle node: the real Backbeat.Node as a child process (<see cref="NodeProcess"/>: a one-node cluster
/// at 120 BPM, no subscribers, no NATS, configured exactly as an operator's node), measured from outside through
/// /proc for a while after it settles: CPU time used over wall time (% of one core), resident memory (the largest
/// VmRSS seen, sampled every second), and the same CPU per thread, grouped by thread name, with each group's
/// context switches a second (how often its threads wake), to show where an idle node's CPU goes.
/// </summary>
internal static class CostScenario
{
    public const decimal Bpm = 120;
    public const double CpuTargetPercent = 1.0;
    public const double RssTargetMb = 150;

    public static async Task<CostResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"cost: an idle Backbeat.Node process at {Bpm} BPM (one-node cluster, no NATS), measured for {profile.CostDuration.TotalSeconds:0} s after {profile.CostSettle.TotalSeconds:0} s to settle");
        using var node = NodeProcess.Start(Bpm);
        if (!await node.WaitEmittingAsync(TimeSpan.FromSeconds(60), cancellation))
        {
            throw new InvalidOperationException($"the node did not start emitting within 60 s (exited: {node.HasExited})");
        }

        await Task.Delay(profile.CostSettle, cancellation);
        var sampler = new ProcessSampler(node.Id);
        var threadsBefore = sampler.Threads();
        var cpuBefore = sampler.CpuTime();
        var wall = Stopwatch.StartNew();
        var maxRss = sampler.RssMb();
        while (wall.Elapsed < profile.CostDuration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            maxRss = Math.Max(maxRss, sampler.RssMb());
        }

        var cpu = sampler.CpuTime() - cpuBefore;
        var threadsAfter = sampler.Threads();
        var elapsed = wall.Elapsed;
        var threads = ByThreadName(threadsBefore, threadsAfter, elapsed);
        var result = new CostResult(100 * cpu / elapsed, maxRss, sampler.RssMb(), cpu.TotalSeconds, elapsed.TotalSeconds, threadsAfter.Count, threads);
        output.WriteLine($"  cpu {result.CpuSeconds:0.000} s over {result.WallSeconds:0.0} s = {result.CpuPercentOfOneCore:0.000}% of one core " +
                         $"(target <= {CpuTargetPercent}%: {(result.CpuPercentOfOneCore <= CpuTargetPercent ? "met" : "MISSED")}); " +
                         $"rss max {result.MaxRssMb:0.0} MB, last {result.LastRssMb:0.0} MB (target <= {RssTargetMb} MB: {(result.MaxRssMb <= RssTargetMb ? "met" : "MISSED")})");
        output.WriteLine($"  by thread ({result.ThreadCount} threads; CPU % of one core, context switches a second; /proc's CPU clock counts 10 ms ticks):");
        foreach (var group in threads.Where(x => x.CpuPercent > 0 || x.SwitchesPerSecond >= 1))
        {
            output.WriteLine($"    {group.Name,-16} x{group.Threads,-3} {group.CpuPercent,6:0.00}%  {group.SwitchesPerSecond,8:0.0}/s");
        }

        return result;
    }

    /// <summary>CPU and wake-ups per thread name over the interval; threads born during it count from zero.</summary>
    private static IReadOnlyList<ThreadCost> ByThreadName(IReadOnlyDictionary<int, ThreadSample> before, IReadOnlyDictionary<int, ThreadSample> after, TimeSpan elapsed) =>
        after
            .Select(x => (x.Value.Name, Delta: before.TryGetValue(x.Key, out var b) && b.Name == x.Value.Name
                ? (Cpu: x.Value.CpuTime - b.CpuTime, Switches: x.Value.ContextSwitches - b.ContextSwitches)
                : (Cpu: x.Value.CpuTime, Switches: x.Value.ContextSwitches)))
            .GroupBy(x => x.Name)
            .Select(g => new ThreadCost(
                g.Key,
                g.Count(),
                100 * g.Sum(x => x.Delta.Cpu.TotalSeconds) / elapsed.TotalSeconds,
                g.Sum(x => x.Delta.Switches) / elapsed.TotalSeconds))
            .OrderByDescending(x => x.CpuPercent)
            .ThenByDescending(x => x.SwitchesPerSecond)
            .ToArray();
}

/// <param name="Name">The threads' name as the kernel holds it (at most 15 characters, e.g. ".NET TP Worker").</param>
/// <param name="SwitchesPerSecond">Voluntary + involuntary context switches: wake-ups, and yields of a spinning thread.</param>
internal sealed record ThreadCost(string Name, int Threads, double CpuPercent, double SwitchesPerSecond);

internal sealed record CostResult(
    double CpuPercentOfOneCore,
    double MaxRssMb,
    double LastRssMb,
    double CpuSeconds,
    double WallSeconds,
    int ThreadCount,
    IReadOnlyList<ThreadCost> Threads);
