using System.Net;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class NoLeaderTests(SilentLeaderNodeFixture fixture) : IClassFixture<SilentLeaderNodeFixture>
{
    private HttpClient Client => fixture.Node.Client;

    [Fact]
    public async Task Post_tempo_is_503_when_the_leader_does_not_answer()
    {
        var detail = await ProblemAssert.IsProblemAsync(
            await Client.PostAsync("/tempo", new StringContent("""{"tempo_bpm": 13}""", Encoding.UTF8, "application/json")),
            HttpStatusCode.ServiceUnavailable);

        Assert.Contains("leader", detail);
    }

    [Fact]
    public async Task Get_leader_is_503_when_the_leader_does_not_answer()
    {
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/leader"), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Get_tempo_says_no_change_is_possible_and_why_when_the_leader_does_not_answer()
    {
        var json = await ProblemAssert.IsJsonAsync(await Client.GetAsync("/tempo"), HttpStatusCode.OK);

        Assert.False(json.GetProperty("can_change").GetBoolean());
        Assert.Contains("no leader", json.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ready_is_503_when_the_leader_does_not_answer()
    {
        var response = await Client.GetAsync("/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Live_stays_200_when_the_leader_does_not_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/live")).StatusCode);
    }
}
