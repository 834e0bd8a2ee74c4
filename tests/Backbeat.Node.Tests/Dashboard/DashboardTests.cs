using System.Net;
using System.Net.Http.Json;
using System.Text;
using Backbeat.Node.Api;
using Backbeat.Node.Tests.Support;
using Microsoft.Playwright;

namespace Backbeat.Node.Tests.Dashboard;

/// <summary>The dashboard at <c>GET /</c>, in headless Chromium, against real nodes running the real pulse.</summary>
public sealed class DashboardTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly PageWaitForFunctionOptions Patiently = new() { Timeout = 45_000, PollingInterval = 100 };

    [Fact]
    public async Task The_page_is_self_contained_html()
    {
        await using var node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();

        using var response = await node.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("__BACKBEAT_CONFIG__", html);
    }

    [Fact]
    public async Task The_beat_and_bar_counters_advance_with_the_frames()
    {
        await using var node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();
        var page = await OpenAsync(node);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.WaitForFunctionAsync("() => /^\\d+$/.test(document.getElementById('beat-index').textContent)", null, Patiently);
        var firstBeat = long.Parse(await page.TextContentAsync("#beat-index") ?? "");
        var firstPhase = await page.TextContentAsync("#ring-phase");

        // At 24 BPM a beat lasts 2.5 s: the next beat comes within a few seconds.
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('beat-index').textContent) > {firstBeat}", null, Patiently);

        // One read of all three counters, so a beat that ticks between reads cannot mismatch them.
        var counters = await page.EvaluateAsync<string[]>(
            "() => ['beat-index', 'bar-index', 'beat-in-bar'].map(id => document.getElementById(id).textContent)");
        var beat = long.Parse(counters[0]);
        Assert.True(beat > firstBeat);
        Assert.Contains(firstPhase, new[] { "plan", "work", "review" });
        Assert.Equal((beat / 8).ToString(), counters[1]);
        Assert.Equal($"{beat % 8 + 1}/8", counters[2]);
        Assert.Equal("live", await page.TextContentAsync("#stream-state"));
        // A fresh node under load may cover a stalled beat locally; the page must show the leader once frames flow.
        await page.WaitForFunctionAsync("() => document.getElementById('mode').getAttribute('data-origin') === 'leader'", null, Patiently);
        Assert.All(requested, url => Assert.StartsWith(node.Client.BaseAddress!.ToString(), url));
    }

    [Fact]
    public async Task A_tempo_change_shows_as_pending_then_takes_effect_at_the_downbeat()
    {
        await using var node = await TestNode.Create().WithRealPulse("--bpm", "24", "--bar", "2").StartAsync();
        var page = await OpenAsync(node);
        await page.WaitForFunctionAsync("() => document.getElementById('tempo').textContent === '24'", null, Patiently);

        using var change = await node.Client.PostAsync(
            "/tempo", new StringContent("{\"tempo_bpm\": 23, \"justification\": \"dashboard test\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        var scheduled = (await change.Content.ReadFromJsonAsync(AdminJsonContext.Default.TempoScheduledResponse))!;

        await page.WaitForFunctionAsync("() => document.getElementById('pending').dataset.tempo === '23'", null, Patiently);
        Assert.Equal(scheduled.EffectiveBeatIndex.ToString(), await page.GetAttributeAsync("#pending", "data-beat"));

        await page.WaitForFunctionAsync("() => document.getElementById('tempo').textContent === '23'", null, Patiently);
        var seen = page.Locator("#tempo-events li").First;
        Assert.Equal(scheduled.EffectiveBeatIndex.ToString(), await seen.GetAttributeAsync("data-beat"));
        Assert.Equal("true", await seen.GetAttributeAsync("data-downbeat"));
        Assert.Equal(0, scheduled.EffectiveBeatIndex % 2);
        Assert.Equal($"24 → 23 BPM at beat {scheduled.EffectiveBeatIndex} (downbeat)", await seen.TextContentAsync());
    }

    [Fact]
    public async Task A_member_that_leaves_disappears_from_the_members_table()
    {
        await using var cluster = await TwoNodeCluster.StartAsync("--bpm", "24");
        var page = await OpenAsync(cluster.First);
        var secondRow = $"#members tr[data-address='{cluster.SecondAddress}']";
        await page.WaitForSelectorAsync(secondRow, new PageWaitForSelectorOptions { Timeout = 45_000 });
        await page.WaitForSelectorAsync($"#members tr[data-address='{cluster.FirstAddress}']");
        await page.WaitForFunctionAsync("() => /^\\d+$/.test(document.getElementById('beat-index').textContent) && document.getElementById('leader').textContent !== '-'", null, Patiently);
        await page.WaitForTimeoutAsync(2_500);
        await SaveScreenshotAsync(page);

        using var leave = await cluster.First.Client.PostAsync(
            "/cluster/leave", new StringContent($"{{\"address\":\"{cluster.SecondAddress}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, leave.StatusCode);

        await page.WaitForSelectorAsync(secondRow, new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 45_000 });
        Assert.Equal(1, await page.Locator("#members tr").CountAsync());
    }

    [Fact]
    public async Task When_the_node_goes_away_the_page_says_the_stream_is_lost()
    {
        var node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();
        IPage page;
        try
        {
            page = await OpenAsync(node);
            await page.WaitForFunctionAsync("() => document.getElementById('stream-state').textContent === 'live'", null, Patiently);
        }
        finally
        {
            await node.DisposeAsync();
        }

        await page.WaitForFunctionAsync("() => document.getElementById('stream-state').textContent.startsWith('stream lost')", null, Patiently);
        await page.WaitForFunctionAsync("() => document.getElementById('poll-error').textContent.length > 0", null, Patiently);
    }

    private static async Task<IPage> OpenAsyncCore(IPage page, TestNode node)
    {
        var response = await page.GotoAsync(node.Client.BaseAddress!.ToString());
        Assert.Equal(200, response!.Status);
        return page;
    }

    private async Task<IPage> OpenAsync(TestNode node) => await OpenAsyncCore(await chromium.NewPageAsync(), node);

    /// <summary>Kept as a test artifact so a person can look at the page.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = RepositoryPaths.Combine("artifacts", "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
