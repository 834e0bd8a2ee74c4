using System.Net.Http.Json;
using Backbeat.Node.Api;
using Backbeat.Node.Cli;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Cli;

/// <summary>The verbs against one real node (real pulse at 24 BPM), run in-process.</summary>
public sealed class VerbsAgainstRealNodeTests(RealPulseNodeFixture fixture) : IClassFixture<RealPulseNodeFixture>
{
    private TestNode Node => fixture.Node;

    [Fact]
    public async Task Members_lists_the_node_with_its_role_status_reachability_and_leader_mark()
    {
        var cluster = await Node.Client.GetFromJsonAsync("/cluster", AdminJsonContext.Default.ClusterResponse);

        var run = await CliRun.AgainstAsync(Node, "members");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        var row = Assert.Single(run.OutLines, l => l.StartsWith("│", StringComparison.Ordinal) && l.Contains(cluster!.SelfAddress, StringComparison.Ordinal));
        var cells = row.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{cluster!.SelfAddress} (asked node)", "backbeat", "Up", "reachable", "*"], cells);
        Assert.Contains($"1 up of 1; leader host: {cluster.SelfAddress}", run.Out);
    }

    [Fact]
    public async Task Leader_names_the_leading_node_and_its_address()
    {
        var leader = await Node.Client.GetFromJsonAsync("/leader", AdminJsonContext.Default.LeaderResponse);

        var run = await CliRun.AgainstAsync(Node, "leader");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Contains(Row(run, "leader"), c => c == leader!.Leader);
        Assert.Contains(Row(run, "address"), c => c == leader!.Stats.Address);
        Assert.Contains(Row(run, "asked node"), c => c == $"{leader!.NodeId} (the leader)");
    }

    [Fact]
    public async Task Tempo_shows_the_current_tempo_and_the_allowed_range()
    {
        var run = await CliRun.AgainstAsync(Node, "tempo");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        var tempo = await Node.Client.GetFromJsonAsync("/tempo", AdminJsonContext.Default.TempoStatusResponse);
        Assert.Contains(Row(run, "current"), c => c == $"{tempo!.CurrentBpm} BPM");
        Assert.Contains(Row(run, "allowed now"), c => c.EndsWith(" - 24 BPM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tempo_set_schedules_the_change_for_the_next_downbeat()
    {
        var run = await CliRun.AgainstAsync(Node, "tempo", "set", "23", "--why", "cli test");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Matches(@"^tempo 23 BPM scheduled: from beat (\d+) \(the next downbeat\), at \d{4}-\d\d-\d\dT[\d:.]+Z$", run.Out.Trim());
        var beat = long.Parse(System.Text.RegularExpressions.Regex.Match(run.Out, @"from beat (\d+)").Groups[1].Value);
        Assert.Equal(0, beat % 8);
        var tempo = await Node.Client.GetFromJsonAsync("/tempo", AdminJsonContext.Default.TempoStatusResponse);
        Assert.Equal(23m, tempo!.PendingBpm);
    }

    [Fact]
    public async Task Tempo_set_outside_the_range_shows_the_nodes_refusal_and_exits_non_zero()
    {
        var run = await CliRun.AgainstAsync(Node, "tempo", "set", "90");

        Assert.Equal(CliExitCodes.Refused, run.ExitCode);
        Assert.Equal("error: the node refused (422 Unprocessable Content): tempo_bpm 90 is outside [4, 24]", run.Error.Trim());
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Tempo_set_with_a_tempo_that_is_not_a_number_is_a_usage_error()
    {
        var run = await CliRun.AgainstAsync(Node, "tempo", "set", "fast");

        Assert.Equal(CliExitCodes.Usage, run.ExitCode);
        Assert.Contains("'fast' is not a tempo", run.Error);
    }

    [Fact]
    public async Task Drift_shows_the_nodes_drift_and_that_it_runs_on_leader_frames()
    {
        var run = await CliRun.AgainstAsync(Node, "drift");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Contains(Row(run, "degradation mode"), c => c == "no");
        Assert.Contains(Row(run, "timer drift"), c => c.EndsWith(" %", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tail_prints_consecutive_frames_one_readable_line_each()
    {
        var run = await CliRun.AgainstAsync(Node, "tail", "--count", "3");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Equal(3, run.OutLines.Length);
        // A frame the follower covers locally (a leader frame stalled past 1.5 phases on a loaded machine) is
        // printed the same way, marked local.
        Assert.All(run.OutLines, line => Assert.Matches(@"^beat \d+ (plan|work|review)\s+\| (downbeat|\s+) \| \d+(\.\d+)? BPM \| ends [\d:.]+Z \| window [0-9a-f]{8} \| hlc \S+ \| (leader|local)$", line));
    }

    [Fact]
    public async Task Tail_json_prints_each_frame_as_the_streams_json()
    {
        var run = await CliRun.AgainstAsync(Node, "tail", "--json", "--count", "3");

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        var beats = run.OutLines.Select(BeatStream.Parse).ToList();
        Assert.Equal(3, beats.Count);
        Assert.All(beats, b => Assert.Contains(b.Origin, new[] { "leader", "local" }));
        var ordinals = beats.Select(b => b.Frame.BeatIndex * 3 + Array.IndexOf(new[] { "plan", "work", "review" }, b.Frame.Phase)).ToList();
        Assert.Equal([ordinals[0], ordinals[0] + 1, ordinals[0] + 2], ordinals);
    }

    [Fact]
    public async Task Leave_for_an_address_that_is_no_member_is_refused_with_404()
    {
        var run = await CliRun.AgainstAsync(Node, "leave", "akka.tcp://backbeat@127.0.0.1:1");

        Assert.Equal(CliExitCodes.Refused, run.ExitCode);
        Assert.Equal("error: the node refused (404 Not Found): akka.tcp://backbeat@127.0.0.1:1 is not a member of this cluster", run.Error.Trim());
    }

    [Fact]
    public async Task Down_for_a_text_that_is_no_address_is_refused_with_400()
    {
        var run = await CliRun.AgainstAsync(Node, "down", "node-2");

        Assert.Equal(CliExitCodes.Refused, run.ExitCode);
        Assert.StartsWith("error: the node refused (400 Bad Request): 'node-2' is not a member address", run.Error.Trim());
    }

    [Theory]
    [InlineData("{\"address\":\"akka.tcp://backbeat@127.0.0.1:4054/user/admin\"}")]
    [InlineData("{\"address\":\"backbeat@127.0.0.1:4054\"}")]
    [InlineData("{\"address\":42}")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task Membership_endpoints_answer_400_for_a_body_without_a_member_address(string body)
    {
        foreach (var path in new[] { "/cluster/leave", "/cluster/down" })
        {
            using var response = await Node.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        }
    }

    private static string[] Row(CliRun run, string name) =>
        run.OutLines
            .Select(l => l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(cells => cells.Length > 0 && cells[0] == name)
        ?? throw new Xunit.Sdk.XunitException($"no row '{name}' in:\n{run.Out}");
}
