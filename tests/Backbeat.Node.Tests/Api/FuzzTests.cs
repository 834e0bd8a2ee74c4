using System.Net;
using System.Text;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class FuzzTests(RealPulseNodeFixture fixture) : IClassFixture<RealPulseNodeFixture>
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW", "get"];

    private static readonly string[] Paths =
        ["/tempo", "/drift", "/leader", "/cluster", "/health", "/ready", "/live", "/metrics", "/", "/tempo/", "//tempo", "/TEMPO", "/tempo?x=1", "/%00", "/..%2f..%2fetc/passwd"];

    private static readonly string[] ContentTypes =
        ["application/json", "application/json; charset=utf-8", "text/plain", "application/problem+json", "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "garbage/;;=", ""];

    private static readonly string[] JsonFragments =
        ["{\"tempo_bpm\": 13}", "{\"tempo_bpm\": 12.6, \"justification\": \"fuzz\"}", "{\"tempo_bpm\": -1}", "{\"tempo_bpm\": 1e308}", "{\"tempo_bpm\": 1e-308}",
         "{\"tempo_bpm\": NaN}", "{\"tempo_bpm\": \"Infinity\"}", "{", "}", "[]", "null", "{\"tempo_bpm\": [1,2]}", "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}}}}}}}}}}}}}",
         "{\"tempo_bpm\": 13, \"justification\": \"\\ud800\"}", "{\"tempo_bpm\": 0.0000001}", "{\"tempo_bpm\": 79228162514264337593543950336}"];

    [Fact]
    public async Task A_thousand_random_requests_get_no_5xx_and_the_node_still_answers()
    {
        var random = new Random(20261122);
        var failures = new List<string>();
        using var client = new HttpClient { BaseAddress = fixture.Node.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        for (var i = 0; i < 1_200; i++)
        {
            using var request = RandomRequest(random, client.BaseAddress!);
            var description = $"#{i} {request.Method} {request.RequestUri}";
            try
            {
                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode >= 500 && !IsHealthReport(request, response))
                {
                    failures.Add($"{description} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{description} → connection failed: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tempo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/drift")).StatusCode);
        var before = await FramesEmittedAsync(client);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(await FramesEmittedAsync(client) > before, "the node stopped beating after the fuzz run");
    }

    private static async Task<long> FramesEmittedAsync(HttpClient client)
    {
        using var leader = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/leader"));
        return leader.RootElement.GetProperty("stats").GetProperty("frames_emitted").GetInt64();
    }

    // A health report of 503 describes the node, not the request; none is expected here, but it would not be a request-handling failure.
    private static bool IsHealthReport(HttpRequestMessage request, HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/json" && request.RequestUri!.AbsolutePath is "/health" or "/ready" or "/live";

    private static HttpRequestMessage RandomRequest(Random random, Uri server)
    {
        var method = new HttpMethod(Pick(random, Methods));
        // Absolute, so that a path like //tempo stays a path and is not read as a host name.
        var request = new HttpRequestMessage(method, new Uri(server.GetLeftPart(UriPartial.Authority) + RandomPath(random)));

        for (var h = random.Next(0, 4); h > 0; h--)
        {
            request.Headers.TryAddWithoutValidation(RandomToken(random, "X-Fuzz-"), RandomHeaderValue(random));
        }

        switch (random.Next(5))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Authorization", RandomHeaderValue(random));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Accept", Pick(random, ["text/html", "application/xml", "*/*", "application/json", ";;;"]));
                break;
        }

        if (method != HttpMethod.Get && method != HttpMethod.Head && random.Next(4) != 0)
        {
            var body = random.Next(3) switch
            {
                0 => RandomBytes(random),
                1 => Encoding.UTF8.GetBytes(Pick(random, JsonFragments)),
                _ => Encoding.UTF8.GetBytes($"{{\"tempo_bpm\": {RandomNumber(random)}, \"justification\": \"{RandomToken(random, "j")}\"}}"),
            };
            request.Content = new ByteArrayContent(body);
            var contentType = Pick(random, ContentTypes);
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    private static string RandomPath(Random random)
    {
        if (random.Next(3) != 0)
        {
            return Pick(random, Paths);
        }

        var bytes = new byte[random.Next(1, 40)];
        random.NextBytes(bytes);
        return "/" + Uri.EscapeDataString(Encoding.Latin1.GetString(bytes));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, random.Next(2) == 0 ? 64 : 20_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomNumber(Random random) => random.Next(8) switch
    {
        0 => "-" + random.Next(),
        1 => random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        2 => "1e" + random.Next(-400, 400),
        3 => new string('9', random.Next(1, 60)),
        4 => (10.8 + random.NextDouble() * 2.4).ToString("F6", System.Globalization.CultureInfo.InvariantCulture),
        _ => random.Next(0, 40).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string RandomToken(Random random, string prefix)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        return prefix + new string(Enumerable.Range(0, random.Next(1, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string RandomHeaderValue(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 80)).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray());

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
