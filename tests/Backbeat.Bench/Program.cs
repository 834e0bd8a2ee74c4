using System.CommandLine;
using Backbeat.Bench.Lateness;

// Each benchmark scenario is a verb; add new ones next to `lateness`.
var root = new RootCommand("Backbeat benchmarks: run one scenario by its verb, e.g. `lateness`.")
{
    LatenessCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
