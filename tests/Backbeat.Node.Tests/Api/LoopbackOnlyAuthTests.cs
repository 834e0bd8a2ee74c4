using System.Net;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class LoopbackOnlyAuthTests(RemoteCallerNodeFixture fixture) : IClassFixture<RemoteCallerNodeFixture>
{
    [Fact]
    public async Task Without_a_token_a_change_from_a_non_loopback_caller_is_403_and_never_reaches_the_leader()
    {
        var before = fixture.Node.Leader.Received.Count;

        using var response = await fixture.Node.Client.PostAsync(
            "/tempo", new StringContent("""{"tempo_bpm": 13}""", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, fixture.Node.Leader.Received.Count);
    }

    [Fact]
    public async Task Without_a_token_a_non_loopback_caller_may_still_read()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Node.Client.GetAsync("/tempo")).StatusCode);
    }
}
