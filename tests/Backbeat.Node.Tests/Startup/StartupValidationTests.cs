using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backbeat.Node.Hosting;

namespace Backbeat.Node.Tests.Startup;

/// <summary>A bad setting ends start-up with exit code 2 and one line naming it, and nothing starts.</summary>
public sealed class StartupValidationTests
{
    private static async Task<(int ExitCode, string Errors)> StartAsync(string[] args, Dictionary<string, string?>? environment = null)
    {
        var launch = new NodeLaunch(["--admin-port", "0", "--port", "0", .. args], environment ?? new(), PulseInstallation.None)
        {
            ContentRoot = AppContext.BaseDirectory,
        };
        var errors = new StringWriter();
        var (app, exitCode) = await NodeProgram.StartAsync(launch, new StringWriter(), errors);
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        return (exitCode, errors.ToString());
    }

    public static TheoryData<string[], string> BadFlags() => new()
    {
        { ["--bpm", "abc"], "--bpm: 'abc' is not a number" },
        { ["--min-bpm", "30", "--max-bpm", "10"], "--min-bpm: 30 is above --max-bpm 10" },
        { ["--bpm", "30"], "--bpm: 30 is outside" },
        { ["--bpm", "2"], "--bpm: 2 is outside" },
        { ["--phases", ""], "--phases:" },
        { ["--phases", ","], "--phases:" },
        { ["--phases", "plan,plan"], "--phases:" },
        { ["--bar", "0"], "--bar:" },
        { ["--bar", "eight"], "--bar: 'eight' is not a whole number" },
        { ["--seeds", "backbeat@host:4053"], "--seeds:" },
        { ["--seeds", "akka.tcp://other@127.0.0.1:4053"], "--seeds:" },
        { ["--seeds", "akka.tcp://backbeat@127.0.0.1"], "--seeds:" },
        { ["--nats", "http://127.0.0.1:4222"], "--nats:" },
        { ["--admin-port", "70000"], "--admin-port:" },
        { ["--port", "-1"], "--port:" },
        { ["--cluster", "a.b"], "--cluster:" },
        { ["--log-level", "loud"], "--log-level: 'loud' is not a log level" },
        { ["--tempo", "12"], "unknown flag '--tempo'" },
        { ["--bpm"], "--bpm: needs a value" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public async Task A_bad_flag_exits_2_with_one_line_naming_it(string[] args, string expected)
    {
        var (exitCode, errors) = await StartAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task A_host_that_is_not_this_machine_exits_2_naming_it()
    {
        var (exitCode, errors) = await StartAsync(["--host", "192.0.2.1", "--admin-port", "18099"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--host", errors);
    }

    [Fact]
    public async Task Help_prints_every_flag_and_exits_0()
    {
        var output = new StringWriter();
        var (app, exitCode) = await NodeProgram.StartAsync(new NodeLaunch(["--help"], new Dictionary<string, string?>(), PulseInstallation.None), output, new StringWriter());

        Assert.Null(app);
        Assert.Equal(0, exitCode);
        Assert.Contains("--bpm", output.ToString());
        Assert.Contains("BACKBEAT_CLUSTER_ID", output.ToString());
    }

    [Fact]
    public async Task A_bad_environment_variable_exits_2_naming_the_setting()
    {
        var (exitCode, errors) = await StartAsync([], new() { ["BACKBEAT_BPM"] = "fast" });

        Assert.Equal(2, exitCode);
        Assert.Contains("--bpm: 'fast' is not a number", errors);
    }

    [Fact]
    public async Task An_admin_port_in_use_exits_2_naming_it()
    {
        using var taken = Occupy(out var port);

        var (exitCode, errors) = await StartAsync(["--admin-port", port.ToString()]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--admin-port: port {port}", errors);
        Assert.Contains("in use", errors);
    }

    [Fact]
    public async Task A_remoting_port_in_use_exits_2_naming_it()
    {
        using var taken = Occupy(out var port);

        var (exitCode, errors) = await StartAsync(["--port", port.ToString()]);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--port: port {port}", errors);
    }

    [Fact]
    public async Task The_built_node_exits_2_on_a_bad_flag()
    {
        var node = typeof(NodeProgram).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [node, "--bpm", "abc"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetDirectoryName(node)!,
        };
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("error: --bpm: 'abc' is not a number", errors.Trim());
    }

    private static TcpListener Occupy(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }
}
