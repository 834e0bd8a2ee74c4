using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backbeat.Node.Cli;

namespace Backbeat.Node.Tests.Cli;

/// <summary>The real Backbeat.Node program, as a process: a verb runs the CLI, flags run the node.</summary>
public sealed class ProgramDispatchTests
{
    [Fact]
    public async Task A_verb_runs_the_cli_and_reports_an_unreachable_node_with_exit_code_3()
    {
        var admin = $"http://127.0.0.1:{ClosedPort()}";

        var (exitCode, stdout, stderr) = await RunNodeBinaryAsync("members", "--admin", admin);

        Assert.Equal(CliExitCodes.Unreachable, exitCode);
        Assert.StartsWith($"error: cannot reach the node at {admin}/: connection refused", stderr.Trim());
        Assert.Equal(string.Empty, stdout);
    }

    [Theory]
    [InlineData("--bpm", "0")]
    [InlineData("-bpm", "0")]
    public async Task Flags_still_run_the_node_which_refuses_a_bad_setting_with_exit_code_2(params string[] args)
    {
        var (exitCode, _, stderr) = await RunNodeBinaryAsync([.. args, "--admin-port", "0", "--port", "0"]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.Contains("bpm", stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunNodeBinaryAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backbeat.Node.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment.Remove("BACKBEAT_ADMIN_TOKEN");
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Backbeat.Node {string.Join(' ', args)} did not exit within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
