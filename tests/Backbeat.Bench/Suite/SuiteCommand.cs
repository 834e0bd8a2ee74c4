using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Backbeat.Bench.Ceiling;
using Backbeat.Bench.Cost;
using Backbeat.Bench.Drift;
using Backbeat.Bench.Fanout;
using Backbeat.Bench.Lateness;

namespace Backbeat.Bench.Suite;

/// <summary>
/// `all` (and the program with no verb): every scenario in turn, short unless `--full`, then one table and
/// <c>artifacts/bench/summary.json</c> (the issue's keys) plus <c>artifacts/bench/details.json</c> (every figure).
/// A scenario that fails leaves its numbers null and the suite goes on.
/// </summary>
internal static class SuiteCommand
{
    public static readonly string ArtifactsDirectory = Path.Combine("artifacts", "bench");

    public static Option<bool> FullOption { get; } = new("--full")
    {
        Description = "Run the long version of each scenario (short: under 3 minutes in all)",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("all", "Every scenario (the default when no verb is given), then summary.json and one table");
        command.SetAction((parse, cancellation) => RunAsync(new SuiteProfile(parse.GetValue(FullOption)), cancellation));
        return command;
    }

    public static async Task<int> RunAsync(SuiteProfile profile, CancellationToken cancellation)
    {
        var output = Console.Out;
        var wall = Stopwatch.StartNew();
        var machine = MachineInfo.Read();
        output.WriteLine($"backbeat bench, {profile.Name} suite; {machine}");
        var notes = new List<string>();

        var lateness = await Attempt("lateness", notes, () => LatenessCommand.RunAsync(LatenessSettingsFor(profile, loaded: false), cancellation));
        var loaded = await Attempt("lateness_loaded", notes, () => LatenessCommand.RunAsync(LatenessSettingsFor(profile, loaded: true), cancellation));
        output.WriteLine();
        var ceiling = await Attempt("ceiling", notes, () => CeilingScenario.RunAsync(profile, output, cancellation));
        output.WriteLine();
        var fanout = await Attempt("fanout", notes, () => FanoutScenario.RunAsync(profile, output, cancellation));
        output.WriteLine();

        // Drift, cost and NATS each watch a nearly idle node at 120 BPM for a while. The short suite lets them share
        // the time (it stays under 3 minutes; the cost child's CPU is its own, read from /proc, and the drift node's
        // timer sleeps between frames), at the price of one scenario's garbage collections pausing another's
        // measurements in this process. The full suite runs them one after another, each on a machine otherwise idle.
        var driftOutput = new StringWriter();
        var costOutput = new StringWriter();
        var natsOutput = new StringWriter();
        if (!Nats.NatsServer.IsInstalled)
        {
            notes.Add($"nats: {Nats.NatsServer.ServerPath} is not installed; delivery and NATS fan-out not measured");
        }

        Task<DriftResult?> RunDrift() => Attempt("drift", notes, () => DriftScenario.RunAsync(profile, driftOutput, cancellation));
        Task<CostResult?> RunCost() => Attempt("cost", notes, () => CostScenario.RunAsync(profile, costOutput, cancellation));
        Task<Nats.NatsResult?> RunNats() => Nats.NatsServer.IsInstalled
            ? Attempt("nats", notes, () => Nats.NatsScenario.RunAsync(profile, natsOutput, cancellation))
            : Task.FromResult<Nats.NatsResult?>(null);
        Task<DriftResult?> driftTask;
        Task<CostResult?> costTask;
        Task<Nats.NatsResult?> natsTask;
        if (profile.Full)
        {
            driftTask = Task.FromResult(await RunDrift());
            costTask = Task.FromResult(await RunCost());
            natsTask = Task.FromResult(await RunNats());
        }
        else
        {
            driftTask = RunDrift();
            costTask = RunCost();
            natsTask = RunNats();
        }

        var drift = await driftTask;
        var cost = await costTask;
        var nats = await natsTask;
        output.Write(driftOutput);
        output.WriteLine();
        output.Write(costOutput);
        output.WriteLine();
        output.Write(natsOutput);

        var summary = new BenchSummary(
            P99s(lateness),
            P99s(loaded),
            nats?.Delivery.P99Ms,
            ceiling?.MaxBpmHeld,
            fanout?.Figures.P99Ms,
            nats?.Fanout.P99Ms,
            drift?.DriftPercent,
            cost?.CpuPercentOfOneCore,
            cost?.MaxRssMb);

        var after = MachineInfo.Read();
        summary.Print(output, rampRan: ceiling is not null);
        output.WriteLine();
        foreach (var note in notes)
        {
            output.WriteLine($"note: {note}");
        }

        if (lateness is not null && loaded is not null)
        {
            output.WriteLine($"diagnostic: PrecisionTimer + one mailbox hop (default dispatcher) p99 {lateness.P99Of("backbeat_actor_hop"):0.000} ms, " +
                             $"loaded {loaded.P99Of("backbeat_actor_hop"):0.000} ms (the timer alone: {lateness.P99Of("backbeat"):0.000} ms, {loaded.P99Of("backbeat"):0.000} ms)");
        }

        output.WriteLine($"suite took {wall.Elapsed.TotalSeconds:0} s; load average before {machine.LoadAverage}, after {after.LoadAverage}");

        var summaryPath = Path.Combine(ArtifactsDirectory, "summary.json");
        await summary.WriteAsync(summaryPath, cancellation);
        var details = new
        {
            profile = profile.Name,
            machine,
            load_average_after = after.LoadAverage,
            wall_seconds = wall.Elapsed.TotalSeconds,
            notes,
            lateness,
            lateness_loaded = loaded,
            ceiling,
            fanout,
            drift,
            cost,
            nats,
        };
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory, "details.json"), JsonSerializer.Serialize(details, DetailsJson), cancellation);
        output.WriteLine($"written: {summaryPath}, {Path.Combine(ArtifactsDirectory, "details.json")}");
        return 0;
    }

    private static readonly JsonSerializerOptions DetailsJson = new(BenchSummary.JsonOptions)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static LatenessSettings LatenessSettingsFor(SuiteProfile profile, bool loaded) => new(
        profile.LatenessFrames,
        WarmupFrames: 6,
        TempoBpm: 120,
        PhasesPerBeat: 3,
        Path.Combine(ArtifactsDirectory, loaded ? "lateness_loaded.json" : "lateness.json"),
        loaded);

    private static LatenessP99 P99s(LatenessReport? report) => report is null
        ? new LatenessP99(null, null, null, null)
        : new LatenessP99(report.P99Of("backbeat"), report.P99Of("akka_scheduler"), report.P99Of("periodic_timer"), report.P99Of("quartz"));

    private static async Task<T?> Attempt<T>(string scenario, List<string> notes, Func<Task<T>> run)
        where T : class
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"{scenario}: failed: {e}");
            lock (notes)
            {
                notes.Add($"{scenario} failed: {e.GetType().Name}: {e.Message}");
            }

            return null;
        }
    }
}
