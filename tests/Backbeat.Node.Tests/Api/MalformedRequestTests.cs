using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

/// <summary>Every malformed request gets the right 4xx, as a problem document, and never reaches the leader as a change.</summary>
public sealed class MalformedRequestTests(RunningNodeFixture fixture) : IClassFixture<RunningNodeFixture>
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string, string?, string, int> Rows() => new()
    {
        // name, method, path, content type, body, expected status
        { "invalid JSON", "POST", "/tempo", Json, "{\"tempo_bpm\": ", 400 },
        { "not JSON at all", "POST", "/tempo", Json, "tempo=13", 400 },
        { "trailing garbage", "POST", "/tempo", Json, "{\"tempo_bpm\": 13} x", 400 },
        { "empty body", "POST", "/tempo", Json, "", 400 },
        { "array instead of object", "POST", "/tempo", Json, "[13]", 400 },
        { "bare number", "POST", "/tempo", Json, "13", 400 },
        { "missing tempo_bpm", "POST", "/tempo", Json, "{\"justification\": \"x\"}", 400 },
        { "tempo_bpm as string", "POST", "/tempo", Json, "{\"tempo_bpm\": \"13\"}", 400 },
        { "tempo_bpm as boolean", "POST", "/tempo", Json, "{\"tempo_bpm\": true}", 400 },
        { "tempo_bpm null", "POST", "/tempo", Json, "{\"tempo_bpm\": null}", 400 },
        { "tempo_bpm object", "POST", "/tempo", Json, "{\"tempo_bpm\": {\"v\": 13}}", 400 },
        { "tempo_bpm twice", "POST", "/tempo", Json, "{\"tempo_bpm\": 13, \"tempo_bpm\": 12}", 400 },
        { "justification as number", "POST", "/tempo", Json, "{\"tempo_bpm\": 13, \"justification\": 5}", 400 },
        { "justification too long", "POST", "/tempo", Json, "{\"tempo_bpm\": 13, \"justification\": \"" + new string('j', 2000) + "\"}", 400 },
        { "NaN literal", "POST", "/tempo", Json, "{\"tempo_bpm\": NaN}", 400 },
        { "NaN as string", "POST", "/tempo", Json, "{\"tempo_bpm\": \"NaN\"}", 400 },
        { "Infinity literal", "POST", "/tempo", Json, "{\"tempo_bpm\": Infinity}", 400 },
        { "Infinity as string", "POST", "/tempo", Json, "{\"tempo_bpm\": \"Infinity\"}", 400 },
        { "-Infinity as string", "POST", "/tempo", Json, "{\"tempo_bpm\": \"-Infinity\"}", 400 },
        { "beyond any decimal", "POST", "/tempo", Json, "{\"tempo_bpm\": 1e400}", 400 },
        { "huge but a number", "POST", "/tempo", Json, "{\"tempo_bpm\": 100000000000000000000}", 422 },
        { "negative", "POST", "/tempo", Json, "{\"tempo_bpm\": -13}", 422 },
        { "zero", "POST", "/tempo", Json, "{\"tempo_bpm\": 0}", 422 },
        { "finer than a millionth", "POST", "/tempo", Json, "{\"tempo_bpm\": 12.0000001}", 422 },
        { "above max-bpm", "POST", "/tempo", Json, "{\"tempo_bpm\": 25}", 422 },
        { "below min-bpm", "POST", "/tempo", Json, "{\"tempo_bpm\": 3.99}", 422 },
        { "10% + a hair up (leader refuses)", "POST", "/tempo", Json, "{\"tempo_bpm\": 13.200001}", 422 },
        { "10% + a hair down (leader refuses)", "POST", "/tempo", Json, "{\"tempo_bpm\": 10.799999}", 422 },
        { "exactly 10% up", "POST", "/tempo", Json, "{\"tempo_bpm\": 13.2}", 202 },
        { "exactly 10% down", "POST", "/tempo", Json, "{\"tempo_bpm\": 10.8}", 202 },
        { "wrong content type", "POST", "/tempo", "text/plain", "{\"tempo_bpm\": 13}", 415 },
        { "form content type", "POST", "/tempo", "application/x-www-form-urlencoded", "tempo_bpm=13", 415 },
        { "no content type", "POST", "/tempo", null, "{\"tempo_bpm\": 13}", 415 },
        { "JSON in UTF-16", "POST", "/tempo", "application/json; charset=utf-16", "{\"tempo_bpm\": 13}", 415 },
        { "oversized body", "POST", "/tempo", Json, "{\"tempo_bpm\": 13, \"pad\": \"" + new string(' ', 20 * 1024) + "\"}", 413 },
        { "unknown path", "GET", "/tempos", null, "", 404 },
        { "unknown nested path", "GET", "/tempo/13", null, "", 404 },
        { "unknown path with POST", "POST", "/admin", Json, "{}", 404 },
        { "PUT on tempo", "PUT", "/tempo", Json, "{\"tempo_bpm\": 13}", 405 },
        { "DELETE on leader", "DELETE", "/leader", null, "", 405 },
        { "POST on drift", "POST", "/drift", Json, "{}", 405 },
        { "PATCH on cluster", "PATCH", "/cluster", Json, "{}", 405 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Request_gets_the_right_status(string name, string method, string path, string? contentType, string body, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await fixture.Node.Client.SendAsync(request);

        if (expected == 202)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)expected);
        }
    }

    [Fact]
    public async Task A_body_rejected_before_the_leader_is_never_sent_to_it()
    {
        var before = fixture.Node.Leader.Received.Count;

        using var response = await fixture.Node.Client.PostAsync("/tempo", new StringContent("{\"tempo_bpm\": \"NaN\"}", Encoding.UTF8, Json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(fixture.Node.Leader.Received.Skip(before), _ => true);
    }

    [Fact]
    public async Task An_oversized_body_sent_without_a_length_is_413()
    {
        var body = Encoding.UTF8.GetBytes("{\"tempo_bpm\": 13, \"pad\": \"" + new string(' ', 40 * 1024) + "\"}");
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tempo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await ProblemAssert.IsProblemAsync(await fixture.Node.Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }
}
