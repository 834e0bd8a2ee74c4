using Backbeat.Node.Cli;

namespace Backbeat.Node.Tests.Cli;

public sealed class VerbDispatchTests
{
    [Theory]
    [InlineData("members")]
    [InlineData("leader")]
    [InlineData("tempo")]
    [InlineData("drift")]
    [InlineData("tail")]
    [InlineData("leave")]
    [InlineData("down")]
    public void A_known_verb_as_first_argument_runs_the_cli(string verb) =>
        Assert.True(BackbeatCli.Handles([verb, "--admin", "http://127.0.0.1:8080"]));

    [Theory]
    [InlineData("--bpm", "12")]
    [InlineData("-bpm", "12")]
    [InlineData("--bpm=12")]
    [InlineData("--help")]
    public void Node_flags_run_the_node(params string[] args) => Assert.False(BackbeatCli.Handles(args));

    [Fact]
    public void No_arguments_run_the_node() => Assert.False(BackbeatCli.Handles([]));

    [Fact]
    public void A_verb_later_on_the_line_is_a_node_argument_not_a_verb() =>
        Assert.False(BackbeatCli.Handles(["--cluster", "members"]));
}
