using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Bench.Suite;

/// <summary>The p99 lateness (ms) of the four emitter loops, side by side in one run.</summary>
internal sealed record LatenessP99(
    [property: JsonPropertyName("backbeat")] double? Backbeat,
    [property: JsonPropertyName("akka_scheduler")] double? AkkaScheduler,
    [property: JsonPropertyName("periodic_timer")] double? PeriodicTimer,
    [property: JsonPropertyName("quartz")] double? Quartz);

/// <summary>
/// <c>artifacts/bench/summary.json</c>: exactly the keys of issue 7. A null is a scenario that could not run
/// (the reason is in the run's notes and in <c>details.json</c>).
/// </summary>
internal sealed record BenchSummary(
    [property: JsonPropertyName("lateness_p99_ms")] LatenessP99 LatenessP99Ms,
    [property: JsonPropertyName("lateness_p99_ms_loaded")] LatenessP99 LatenessP99MsLoaded,
    [property: JsonPropertyName("delivery_p99_ms")] double? DeliveryP99Ms,
    [property: JsonPropertyName("max_bpm_zero_miss")] decimal? MaxBpmZeroMiss,
    [property: JsonPropertyName("fanout_actors_p99_ms")] double? FanoutActorsP99Ms,
    [property: JsonPropertyName("fanout_nats_p99_ms")] double? FanoutNatsP99Ms,
    [property: JsonPropertyName("drift_percent")] double? DriftPercent,
    [property: JsonPropertyName("idle_cpu_percent")] double? IdleCpuPercent,
    [property: JsonPropertyName("idle_rss_mb")] double? IdleRssMb)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task WriteAsync(string path, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, JsonOptions, cancellation);
    }

    /// <summary>One table: every number with its target and whether Backbeat met it.</summary>
    /// <param name="rampRan">The tempo ramp ran, so a null ceiling means no step was held rather than not measured.</param>
    public void Print(TextWriter output, bool rampRan)
    {
        var rows = new List<(string Metric, string Value, string Target, string Verdict)>
        {
            Row("lateness p99, backbeat (ms)", LatenessP99Ms.Backbeat, "<= 1", v => v <= 1),
            Row("lateness p99, akka scheduler (ms)", LatenessP99Ms.AkkaScheduler, ">= 10x backbeat", v => v >= 10 * (LatenessP99Ms.Backbeat ?? double.PositiveInfinity)),
            Row("lateness p99, PeriodicTimer (ms)", LatenessP99Ms.PeriodicTimer, "", null),
            Row("lateness p99, Quartz.NET (ms)", LatenessP99Ms.Quartz, ">= 10x backbeat", v => v >= 10 * (LatenessP99Ms.Backbeat ?? double.PositiveInfinity)),
            Row("loaded lateness p99, backbeat (ms)", LatenessP99MsLoaded.Backbeat, "<= 2", v => v <= 2),
            Row("loaded lateness p99, akka scheduler (ms)", LatenessP99MsLoaded.AkkaScheduler, ">= 10x backbeat", v => v >= 10 * (LatenessP99MsLoaded.Backbeat ?? double.PositiveInfinity)),
            Row("loaded lateness p99, PeriodicTimer (ms)", LatenessP99MsLoaded.PeriodicTimer, "", null),
            Row("loaded lateness p99, Quartz.NET (ms)", LatenessP99MsLoaded.Quartz, ">= 10x backbeat", v => v >= 10 * (LatenessP99MsLoaded.Backbeat ?? double.PositiveInfinity)),
            Row("delivery p99, leader -> NATS subscriber (ms)", DeliveryP99Ms, "<= 1", v => v <= 1),
            MaxBpmZeroMiss is null && rampRan
                ? ("max BPM held, no frame missed (BPM)", "null", ">= 6000", "MISSED (no step held)")
                : Row("max BPM held, no frame missed (BPM)", (double?)MaxBpmZeroMiss, ">= 6000", v => v >= 6000),
            Row("fan-out p99, 10,000 actors (ms)", FanoutActorsP99Ms, "<= 5", v => v <= 5),
            Row("fan-out p99, 500 NATS subscriptions (ms)", FanoutNatsP99Ms, "<= 5", v => v <= 5),
            Row("drift in degradation mode (%)", DriftPercent, "<= 0.01", v => v <= 0.01),
            Row("idle CPU at 120 BPM (% of one core)", IdleCpuPercent, "<= 1", v => v <= 1),
            Row("idle RSS at 120 BPM (MB)", IdleRssMb, "<= 150", v => v <= 150),
        };

        var metricWidth = rows.Max(r => r.Metric.Length);
        output.WriteLine();
        output.WriteLine($"{"metric".PadRight(metricWidth)}  {"value",10}  {"target",-16}  result");
        output.WriteLine(new string('-', metricWidth + 40));
        foreach (var (metric, value, target, verdict) in rows)
        {
            output.WriteLine($"{metric.PadRight(metricWidth)}  {value,10}  {target,-16}  {verdict}");
        }
    }

    private static (string, string, string, string) Row(string metric, double? value, string target, Func<double, bool>? met) =>
        value is { } v
            ? (metric, v >= 100 ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : v.ToString("0.000#", System.Globalization.CultureInfo.InvariantCulture),
                target, met is null ? "" : met(v) ? "met" : "MISSED")
            : (metric, "null", target, "not measured");
}
