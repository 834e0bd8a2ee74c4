using System.Net;
using System.Net.Http.Json;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class AdminEndpointTests(RunningNodeFixture fixture) : IClassFixture<RunningNodeFixture>
{
    private HttpClient Client => fixture.Node.Client;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Get_tempo_reports_the_leaders_tempo_and_that_a_change_is_possible()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/tempo"), HttpStatusCode.OK);

        Assert.Equal(12m, json.GetProperty("current_bpm").GetDecimal());
        Assert.True(json.GetProperty("can_change").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        Assert.True(json.TryGetProperty("pending_bpm", out _));
        Assert.True(json.TryGetProperty("next_change", out _));
    }

    [Fact]
    public async Task Post_tempo_within_the_rules_is_accepted_with_the_beat_and_instant_it_takes_effect()
    {
        var json = await ProblemAssert.IsJsonAsync(
            await Client.PostAsync("/tempo", Json("""{"tempo_bpm": 13, "justification": "faster reviews"}""")), HttpStatusCode.Accepted);

        Assert.Equal("13", json.GetProperty("tempo_bpm").GetRawText());
        Assert.Equal(TestLeader.NextDownbeat, json.GetProperty("effective_beat_index").GetInt64());
        Assert.Equal("2026-11-22T12:01:20.123Z", json.GetProperty("effective_at").GetString());
        Assert.Contains(fixture.Node.Leader.Received, r => r.TempoBpm == 13m && r.Justification == "faster reviews");
    }

    [Fact]
    public async Task Get_tempo_shows_an_accepted_change_as_pending_with_its_downbeat()
    {
        await Client.PostAsync("/tempo", Json("""{"tempo_bpm": 12.5}"""));

        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/tempo"), HttpStatusCode.OK);

        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, json.GetProperty("pending_bpm").ValueKind);
        var next = json.GetProperty("next_change");
        Assert.Equal(TestLeader.NextDownbeat, next.GetProperty("effective_beat_index").GetInt64());
        Assert.Equal("2026-11-22T12:01:20.123Z", next.GetProperty("effective_at").GetString());
    }

    [Fact]
    public async Task Post_tempo_refused_by_the_leader_is_422()
    {
        var detail = await ProblemAssert.IsProblemAsync(await Client.PostAsync("/tempo", Json("""{"tempo_bpm": 20}""")), (HttpStatusCode)422);

        Assert.Contains("10%", detail);
    }

    [Fact]
    public async Task Get_drift_reports_the_followers_drift_in_snake_case()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/drift"), HttpStatusCode.OK);

        Assert.Equal(0.25, json.GetProperty("timer_drift_percent").GetDouble());
        Assert.Equal(0.002, json.GetProperty("hlc_drift_seconds").GetDouble());
        Assert.Equal("2026-11-22T12:00:05.007Z", json.GetProperty("last_sync_time").GetString());
        Assert.False(json.GetProperty("degradation_mode").GetBoolean());
        Assert.True(json.GetProperty("within_limits").GetBoolean());
    }

    [Fact]
    public async Task Get_leader_names_the_leader_and_whether_this_node_is_it()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/leader"), HttpStatusCode.OK);

        Assert.Equal("pulse-0d0d0d", json.GetProperty("node_id").GetString());
        Assert.Equal("pulse-1eade7", json.GetProperty("leader").GetString());
        Assert.False(json.GetProperty("is_leader").GetBoolean());
        Assert.Equal(1, json.GetProperty("cluster_size").GetInt32());
        Assert.Equal(300, json.GetProperty("stats").GetProperty("frames_emitted").GetInt64());
    }

    [Fact]
    public async Task Get_cluster_lists_this_node_as_an_up_reachable_backbeat_member_hosting_the_leader()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/cluster"), HttpStatusCode.OK);

        var self = json.GetProperty("self_address").GetString();
        var member = Assert.Single(json.GetProperty("members").EnumerateArray());
        Assert.Equal(self, member.GetProperty("address").GetString());
        Assert.StartsWith("akka.tcp://backbeat@127.0.0.1:", self);
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Equal("reachable", member.GetProperty("reachability").GetString());
        Assert.Equal(["backbeat"], member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(member.GetProperty("is_leader_host").GetBoolean());
        Assert.Equal(self, json.GetProperty("leader_host").GetString());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/live")]
    public async Task Health_endpoints_are_healthy_on_a_joined_node_with_a_leader(string path)
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync(path), HttpStatusCode.OK);

        Assert.Equal("healthy", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_includes_cluster_membership_and_leader_reachability()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/ready"), HttpStatusCode.OK);

        var checks = json.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains("leader", checks);
        Assert.Contains(checks, c => c.StartsWith("akka.cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_reports_nats_as_not_configured_when_the_node_publishes_nowhere()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/health"), HttpStatusCode.OK);

        var nats = json.GetProperty("checks").GetProperty("nats");
        Assert.Equal("healthy", nats.GetProperty("status").GetString());
        Assert.Contains("not configured", nats.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Unknown_path_is_a_404_problem()
    {
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unsupported_method_is_a_405_problem_naming_the_allowed_ones()
    {
        var response = await Client.DeleteAsync("/tempo");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }
}
