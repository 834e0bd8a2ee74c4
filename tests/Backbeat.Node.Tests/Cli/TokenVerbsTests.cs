using Backbeat.Node.Cli;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Cli;

/// <summary>Changes through the CLI against a node that requires an admin token.</summary>
public sealed class TokenVerbsTests(TokenNodeFixture fixture) : IClassFixture<TokenNodeFixture>
{
    [Fact]
    public async Task Without_a_token_a_change_is_refused_with_the_nodes_reason()
    {
        var run = await CliRun.AgainstAsync(fixture.Node, "tempo", "set", "12.5");

        Assert.Equal(CliExitCodes.Refused, run.ExitCode);
        Assert.Equal(
            "error: the node refused (401 Unauthorized): this request changes the node: send Authorization: Bearer <admin token>",
            run.Error.Trim());
    }

    [Fact]
    public async Task The_token_option_is_sent_as_a_bearer_token()
    {
        var run = await CliRun.AgainstAsync(fixture.Node, "tempo", "set", "12.5", "--why", "token option", "--token", TokenNodeFixture.Token);

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Contains(fixture.Node.Leader.Received, m => m.Justification == "token option");
    }

    [Fact]
    public async Task The_token_comes_from_BACKBEAT_ADMIN_TOKEN_when_no_option_gives_one()
    {
        var run = await CliRun.RunAsync(
            ["tempo", "set", "12.5", "--why", "token variable", "--admin", fixture.Node.Client.BaseAddress!.ToString()],
            new Dictionary<string, string?> { [BackbeatCli.TokenVariable] = TokenNodeFixture.Token });

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Contains(fixture.Node.Leader.Received, m => m.Justification == "token variable");
    }
}
