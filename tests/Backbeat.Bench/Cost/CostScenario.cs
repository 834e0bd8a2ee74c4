using System.Diagnostics;
using Backbeat.Bench.Suite;

namespace Backbeat.Bench.Cost;

/// <summary>
/// Cost of an idle node: a child process (this program's hidden `cost-node` verb: a one-node cluster at 120 BPM,
/// no subscribers, no NATS) is measured from outside through /proc for a while after it settles: CPU time used
/// over wall time (% of one core) and resident memory (the largest VmRSS seen, sampled every second).
/// </summary>
internal static class CostScenario
{
    public const decimal Bpm = 120;
    public const double CpuTargetPercent = 1.0;
    public const double RssTargetMb = 150;

    public static async Task<CostResult> RunAsync(SuiteProfile profile, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"cost: an idle node at {Bpm} BPM in a child process ({CostNodeCommand.Verb}), measured for {profile.CostDuration.TotalSeconds:0} s after {profile.CostSettle.TotalSeconds:0} s to settle");
        using var child = StartChild();
        try
        {
            var ready = await WaitReadyAsync(child, TimeSpan.FromSeconds(60), cancellation);
            if (!ready)
            {
                throw new InvalidOperationException($"the {CostNodeCommand.Verb} child did not get ready (exited: {child.HasExited})");
            }

            await Task.Delay(profile.CostSettle, cancellation);
            var sampler = new ProcessSampler(child.Id);
            var gcBefore = await GcCountersAsync(child, cancellation);
            var cpuBefore = sampler.CpuTime();
            var wall = Stopwatch.StartNew();
            var maxRss = sampler.RssMb();
            while (wall.Elapsed < profile.CostDuration)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
                maxRss = Math.Max(maxRss, sampler.RssMb());
            }

            var cpu = sampler.CpuTime() - cpuBefore;
            var elapsed = wall.Elapsed;
            var gcAfter = await GcCountersAsync(child, cancellation);
            var result = new CostResult(100 * cpu / elapsed, maxRss, sampler.RssMb(), cpu.TotalSeconds, elapsed.TotalSeconds,
                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], gcAfter[2] - gcBefore[2],
                (gcAfter[3] - gcBefore[3]) / 1024.0 / elapsed.TotalSeconds);
            output.WriteLine($"  cpu {result.CpuSeconds:0.000} s over {result.WallSeconds:0.0} s = {result.CpuPercentOfOneCore:0.000}% of one core " +
                             $"(target <= {CpuTargetPercent}%: {(result.CpuPercentOfOneCore <= CpuTargetPercent ? "met" : "MISSED")}); " +
                             $"rss max {result.MaxRssMb:0.0} MB, last {result.LastRssMb:0.0} MB (target <= {RssTargetMb} MB: {(result.MaxRssMb <= RssTargetMb ? "met" : "MISSED")})");
            output.WriteLine($"  garbage: {result.AllocatedKbPerSecond:0.0} KB allocated a second; collections gen0 {result.Gen0Collections}, gen1 {result.Gen1Collections}, gen2 {result.Gen2Collections} in {result.WallSeconds:0} s");
            return result;
        }
        finally
        {
            // Closing its standard input asks the child to stop; it is killed if it does not.
            child.StandardInput.Close();
            if (!child.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartChild()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this program runs from");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(CostScenario).Assembly.Location);
        }

        info.ArgumentList.Add(CostNodeCommand.Verb);
        info.ArgumentList.Add("--bpm");
        info.ArgumentList.Add(Bpm.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(info) ?? throw new InvalidOperationException("the cost child did not start");
    }

    /// <summary>Asks the child for its GC counters: gen0, gen1, gen2 collections and bytes allocated.</summary>
    private static async Task<long[]> GcCountersAsync(Process child, CancellationToken cancellation)
    {
        await child.StandardInput.WriteLineAsync("gc".AsMemory(), cancellation);
        await child.StandardInput.FlushAsync(cancellation);
        while (await child.StandardOutput.ReadLineAsync(cancellation) is { } line)
        {
            if (line.StartsWith("gc ", StringComparison.Ordinal))
            {
                return line[3..].Split(' ').Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            }
        }

        throw new InvalidOperationException("the cost child stopped before reporting its GC counters");
    }

    private static async Task<bool> WaitReadyAsync(Process child, TimeSpan timeout, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timer.Token) is { } line)
            {
                if (line == CostNodeCommand.ReadyLine)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
        }

        return false;
    }
}

internal sealed record CostResult(
    double CpuPercentOfOneCore,
    double MaxRssMb,
    double LastRssMb,
    double CpuSeconds,
    double WallSeconds,
    long Gen0Collections,
    long Gen1Collections,
    long Gen2Collections,
    double AllocatedKbPerSecond);
