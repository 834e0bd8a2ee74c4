using System.CommandLine;
using Backbeat.Bench.Lateness;
using Backbeat.Bench.Micro;
using Backbeat.Bench.Suite;

// Each benchmark scenario is a verb; with no verb (or `all`) the whole suite runs, short unless --full.
var root = new RootCommand("Backbeat benchmarks: the whole suite (no verb or `all`, `--full` for the long one), or one scenario by its verb.")
{
    SuiteCommand.FullOption,
    SuiteCommand.Create(),
    LatenessCommand.Create(),
    MicroCommand.Create(),
};
foreach (var verb in ScenarioCommands.Create())
{
    root.Subcommands.Add(verb);
}

root.SetAction((parse, cancellation) => SuiteCommand.RunAsync(new SuiteProfile(parse.GetValue(SuiteCommand.FullOption)), cancellation));

return await root.Parse(args).InvokeAsync();
