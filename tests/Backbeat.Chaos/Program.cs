using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Reporting;
using Backbeat.Chaos.Scenarios;

// The chaos harness: `./build.sh chaos` (one of each scenario) or `./build.sh chaos --full`.
// Exit code 0 when every scenario met its targets, 1 when one did not, 2 when the harness could not run.
const string Usage = """
    usage: Backbeat.Chaos [--full | --smoke] [--leader-kills N] [--graceful-stops N] [--broker-restarts N]
                          [--partitions N] [--tempo-kills N] [--leader-pauses N] [--short-pauses N] [--artifacts DIR]
      (default)  one of each scenario, a few minutes
      --full     20 leader kills, 10 graceful stops, 10 broker restarts, 10 partitions, 5 tempo changes before a kill,
                 10 leader pauses (SIGSTOP past failure detection), 10 short leader pauses (300 ms)
      --smoke    one leader kill and one broker restart
      counts given one by one replace the plan's (0 leaves a scenario out)
    """;

var plan = ChaosPlan.Short;
var planName = "short";
var counts = new Dictionary<string, int>();
string? artifacts = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--full":
            (plan, planName) = (ChaosPlan.Full, "full");
            break;
        case "--smoke":
            (plan, planName) = (ChaosPlan.Smoke, "smoke");
            break;
        case "--artifacts" when i + 1 < args.Length:
            artifacts = args[++i];
            break;
        case "--leader-kills" or "--graceful-stops" or "--broker-restarts" or "--partitions" or "--tempo-kills" or "--leader-pauses" or "--short-pauses"
            when i + 1 < args.Length && int.TryParse(args[i + 1], out var count) && count >= 0:
            counts[args[i]] = count;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"chaos: unexpected argument '{args[i]}' (or a count that is not a whole number >= 0)");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

if (counts.Count > 0)
{
    int Runs(string flag, string scenario) => counts.TryGetValue(flag, out var n) ? n : plan.Steps.Where(s => s.Scenario.Name == scenario).Sum(s => s.Runs);
    plan = ChaosPlan.Of(
        Runs("--leader-kills", "leader-kill"),
        Runs("--graceful-stops", "graceful-stop"),
        Runs("--broker-restarts", "broker-restart"),
        Runs("--partitions", "partition"),
        Runs("--tempo-kills", "tempo-then-kill"),
        Runs("--leader-pauses", "leader-pause"),
        Runs("--short-pauses", "short-pause"));
    planName = "custom";
}

BuildOutputs outputs;
try
{
    outputs = BuildOutputs.Locate();
}
catch (Exception ex) when (ex is FileNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine($"chaos: {ex.Message}");
    return 2;
}

var settings = new ChaosSettings
{
    ArtifactsDirectory = Path.GetFullPath(artifacts ?? Path.Combine(BuildOutputs.RepositoryRoot(), "artifacts", "chaos")),
    Outputs = outputs,
};

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

RoundReport report;
try
{
    report = await ChaosRound.RunAsync(settings, plan, Console.Out, cancellation.Token);
}
catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
{
    Console.Error.WriteLine($"chaos: the round could not run: {ex.Message}");
    return 2;
}

Console.WriteLine();
SummaryTable.Write(Console.Out, report.Scenarios);
var summary = SummaryFile.Write(settings.ArtifactsDirectory, report, planName);
Console.WriteLine();
Console.WriteLine($"chaos: {(report.Passed ? "every scenario met its targets" : "TARGETS MISSED")}; {report.History.Nats.Count} NATS frames, {report.History.Local.Count} local deliveries; wrote {summary}");
if (report.UnreadableFrames > 0)
{
    Console.WriteLine($"chaos: {report.UnreadableFrames} frame(s) could not be read as BeatFrames");
}

if (report.Aborted is not null)
{
    Console.WriteLine($"chaos: the round was cut short: {report.Aborted}");
}

return report.Passed ? 0 : 1;
