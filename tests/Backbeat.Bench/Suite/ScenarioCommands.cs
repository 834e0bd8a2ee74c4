using System.CommandLine;
using Backbeat.Bench.Ceiling;
using Backbeat.Bench.Cost;
using Backbeat.Bench.Drift;
using Backbeat.Bench.Fanout;

namespace Backbeat.Bench.Suite;

/// <summary>One verb per scenario of the suite, to run it alone (short unless `--full`); only `all` writes summary.json.</summary>
internal static class ScenarioCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Verb("ceiling", "Tempo ceiling: highest BPM held with no frame missed and p99 <= 1 ms", CeilingScenario.RunAsync);
        yield return Verb("fanout", "Fan-out: 10,000 local actor subscribers, instant to the last one", FanoutScenario.RunAsync);
        yield return Verb("drift", "Drift of a follower in degradation mode against the timeline", DriftScenario.RunAsync);
        yield return Nats.NatsCommand.Create();
        yield return Nats.SubscribersCommand.Create();
        yield return Verb("cost", "CPU and RSS of an idle node at 120 BPM (a child process)", CostScenario.RunAsync);
    }

    private static Command Verb<T>(string name, string description, Func<SuiteProfile, TextWriter, CancellationToken, Task<T>> run)
    {
        var command = new Command(name, description);
        command.SetAction(async (parse, cancellation) =>
        {
            await run(new SuiteProfile(parse.GetValue(SuiteCommand.FullOption)), Console.Out, cancellation);
            return 0;
        });
        return command;
    }
}
