using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class TokenAuthTests(TokenNodeFixture fixture) : IClassFixture<TokenNodeFixture>
{
    private static HttpRequestMessage ChangeTempo(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/tempo")
        {
            Content = new StringContent("""{"tempo_bpm": 13}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer s3cret-admin-toke")]
    [InlineData("Bearer s3cret-admin-token-and-more")]
    [InlineData("Basic czNjcmV0LWFkbWluLXRva2Vu")]
    [InlineData("s3cret-admin-token")]
    [InlineData("Bearer ")]
    public async Task A_change_without_the_right_token_is_401_and_never_reaches_the_leader(string? authorization)
    {
        var before = fixture.Node.Leader.Received.Count;

        using var response = await fixture.Node.Client.SendAsync(ChangeTempo(authorization));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(before, fixture.Node.Leader.Received.Count);
    }

    [Fact]
    public async Task A_change_with_the_token_is_accepted()
    {
        using var response = await fixture.Node.Client.SendAsync(ChangeTempo($"Bearer {TokenNodeFixture.Token}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Auth_is_checked_before_the_body_so_a_bad_body_without_token_is_still_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tempo") { Content = new StringContent("{", Encoding.UTF8, "text/plain") };

        await ProblemAssert.IsProblemAsync(await fixture.Node.Client.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reading_needs_no_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Node.Client.GetAsync("/tempo")).StatusCode);
    }
}
