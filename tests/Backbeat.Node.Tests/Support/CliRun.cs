using Backbeat.Node.Cli;

namespace Backbeat.Node.Tests.Support;

/// <summary>One in-process run of a CLI verb: its exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static Task<CliRun> AgainstAsync(TestNode node, params string[] args) =>
        RunAsync([.. args, "--admin", node.Client.BaseAddress!.ToString()]);

    public static async Task<CliRun> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await BackbeatCli.RunAsync(
            args, stdout, stderr, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, cancel.Token);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
