using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;

namespace Backbeat.Bench.Lateness;

/// <summary>The outcome of one lateness run: the side-by-side table and its JSON form.</summary>
internal sealed record LatenessReport(
    string Scenario,
    DateTimeOffset StartedAt,
    int Frames,
    int WarmupFrames,
    decimal TempoBpm,
    int PhasesPerBeat,
    bool Loaded,
    double FrameIntervalMs,
    IReadOnlyList<DriverLateness> Drivers,
    double? AkkaP99OverBackbeatP99,
    double? QuartzP99OverBackbeatP99,
    CpuUsage Cpu,
    TargetVerdicts Targets)
{
    public const double BackbeatP99TargetMs = 1.0;
    public const double BackbeatLoadedP99TargetMs = 2.0;
    public const double AkkaRatioTarget = 10.0;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static LatenessReport From(
        LatenessSettings settings,
        TimeSpan frameInterval,
        DateTimeOffset startedAt,
        IReadOnlyList<ILatenessDriver> drivers,
        IReadOnlyList<LatenessRecorder> recorders,
        TimeSpan processCpu,
        TimeSpan wall)
    {
        var results = drivers.Select((d, i) => DriverLateness.From(d, recorders[i])).ToArray();
        var backbeat = results.Single(r => r.Name == "backbeat");
        var akka = results.Single(r => r.Name == "akka_scheduler");
        var quartz = results.Single(r => r.Name == "quartz");
        double? ratio = backbeat.P99Ms > 0 ? akka.P99Ms / backbeat.P99Ms : null;
        double? quartzRatio = backbeat.P99Ms > 0 ? quartz.P99Ms / backbeat.P99Ms : null;
        var timerCpu = drivers.Single(d => d.Name == "backbeat").WaitingThreadCpu;
        var cpu = new CpuUsage(
            wall.TotalSeconds,
            processCpu.TotalSeconds,
            100 * processCpu / wall,
            timerCpu?.TotalSeconds,
            timerCpu is { } t ? 100 * t / wall : null);
        var p99Target = settings.Loaded ? BackbeatLoadedP99TargetMs : BackbeatP99TargetMs;
        var targets = new TargetVerdicts(p99Target, backbeat.P99Ms <= p99Target, ratio >= AkkaRatioTarget, quartzRatio >= AkkaRatioTarget);
        return new LatenessReport(settings.Loaded ? "lateness_loaded" : "lateness", startedAt, settings.Frames, settings.WarmupFrames, settings.TempoBpm,
            settings.PhasesPerBeat, settings.Loaded, frameInterval.TotalMilliseconds, results, ratio, quartzRatio, cpu, targets);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"driver",-40} {"p50 ms",9} {"p99 ms",9} {"max ms",9} {"mean ms",9} {"frames",7} {"early",6}");
        foreach (var d in Drivers)
        {
            output.WriteLine($"{d.Description,-40} {d.P50Ms,9:0.000} {d.P99Ms,9:0.000} {d.MaxMs,9:0.000} {d.MeanMs,9:0.000} {d.Frames,7} {d.EarlyFrames,6}");
        }

        output.WriteLine();
        foreach (var d in Drivers.Where(d => d.Notes.Length > 0))
        {
            output.WriteLine($"{d.Name}: {d.Notes}");
        }

        output.WriteLine($"akka_p99 / backbeat_p99 = {Ratio(AkkaP99OverBackbeatP99)}; quartz_p99 / backbeat_p99 = {Ratio(QuartzP99OverBackbeatP99)}");
        output.WriteLine(
            $"cpu: process {Cpu.ProcessSeconds:0.00} s over {Cpu.WallSeconds:0.0} s wall ({Cpu.ProcessPercentOfOneCore:0.00}% of one core, all drivers and Akka); " +
            (Cpu.BackbeatTimerThreadSeconds is { } s
                ? $"Backbeat timer thread {s:0.000} s ({Cpu.BackbeatTimerThreadPercentOfOneCore:0.000}% of one core)"
                : "Backbeat timer thread: not measurable on this OS"));
        output.WriteLine(
            $"targets: backbeat p99 <= {Targets.BackbeatP99TargetMs} ms: {Verdict(Targets.BackbeatP99WithinTarget)}; " +
            $"akka p99 >= {AkkaRatioTarget}x backbeat p99: {Verdict(Targets.AkkaP99AtLeast10xBackbeat)}; " +
            $"quartz p99 >= {AkkaRatioTarget}x backbeat p99: {Verdict(Targets.QuartzP99AtLeast10xBackbeat)}");
    }

    /// <summary>p99 of one driver by its name.</summary>
    public double P99Of(string name) => Drivers.Single(d => d.Name == name).P99Ms;

    private static string Ratio(double? ratio) => ratio is { } r ? $"{r:0.0}x" : "n/a (backbeat p99 is 0)";

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    public async Task WriteJsonAsync(string path, CancellationToken cancellation)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, JsonOptions, cancellation);
    }
}

/// <summary>Lateness of one driver, in milliseconds.</summary>
internal sealed record DriverLateness(string Name, string Description, string Notes, long Frames, double P50Ms, double P99Ms, double MaxMs, double MeanMs, long EarlyFrames, double MostEarlyMs)
{
    public static DriverLateness From(ILatenessDriver driver, LatenessRecorder recorder)
    {
        var h = recorder.Histogram;
        return new DriverLateness(
            driver.Name,
            driver.Description,
            driver.Notes,
            h.TotalCount,
            Ms(h.GetValueAtPercentile(50)),
            Ms(h.GetValueAtPercentile(99)),
            Ms(h.GetMaxValue()),
            h.GetMean() / TimeSpan.TicksPerMillisecond,
            recorder.EarlyFrames,
            recorder.MostEarly.TotalMilliseconds);
    }

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <summary>CPU used during the run; the timer thread's own CPU shows whether the precise wait spins.</summary>
internal sealed record CpuUsage(
    double WallSeconds,
    double ProcessSeconds,
    double ProcessPercentOfOneCore,
    double? BackbeatTimerThreadSeconds,
    double? BackbeatTimerThreadPercentOfOneCore);

internal sealed record TargetVerdicts(double BackbeatP99TargetMs, bool BackbeatP99WithinTarget, bool AkkaP99AtLeast10xBackbeat, bool QuartzP99AtLeast10xBackbeat);
