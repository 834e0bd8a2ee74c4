using System.Net;
using System.Net.Sockets;
using Backbeat.Node.Cli;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Cli;

public sealed class UnreachableNodeTests
{
    [Theory]
    [InlineData("members")]
    [InlineData("leader")]
    [InlineData("tempo")]
    [InlineData("drift")]
    [InlineData("tail")]
    public async Task A_verb_against_a_closed_port_says_so_in_one_line_and_exits_non_zero(string verb)
    {
        var admin = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.RunAsync([verb, "--admin", admin]);

        Assert.Equal(CliExitCodes.Unreachable, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach the node at {admin}/: connection refused", line);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Tail_from_an_absent_nats_server_says_so_and_exits_non_zero()
    {
        var run = await CliRun.RunAsync(["tail", "--nats", $"nats://127.0.0.1:{ClosedPort()}", "--cluster", "c1"]);

        Assert.Equal(CliExitCodes.Unreachable, run.ExitCode);
        Assert.StartsWith("error: cannot reach NATS at nats://127.0.0.1:", run.Error);
    }

    [Fact]
    public async Task An_admin_address_that_is_not_a_url_is_a_usage_error()
    {
        var run = await CliRun.RunAsync(["members", "--admin", "not a url"]);

        Assert.Equal(CliExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: --admin: 'not a url' is not an admin API address such as http://127.0.0.1:8080", run.Error.Trim());
    }

    [Fact]
    public async Task An_unknown_option_is_refused_by_the_parser()
    {
        var run = await CliRun.RunAsync(["members", "--frobnicate"]);

        Assert.NotEqual(CliExitCodes.Ok, run.ExitCode);
        Assert.Contains("--frobnicate", run.Error);
    }

    /// <summary>A loopback port nobody listens on: bound once to get a free number, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
