using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Backbeat.Consumers;
using Backbeat.Contracts;
using Backbeat.Pulse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Backbeat.Tests.Consumers.ClaimBuilder;

namespace Backbeat.Tests.Consumers;

/// <summary><c>GET /windows</c> and <c>GET /windows/{window_id}</c> on a loopback Kestrel, with a real aggregator behind them.</summary>
public sealed class WindowEndpointsTests : IAsyncLifetime
{
    private readonly FrameSequence _frames = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private IActorRef _aggregator = null!;

    public async Task InitializeAsync()
    {
        (_app, _client) = await StartAsync(withAggregator: true);
        _aggregator = _app.Services.GetRequiredService<ActorRegistry>().Get<WindowAggregator>();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(bool withAggregator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAkka("windows-api-test", akka =>
        {
            akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend);
            if (withAggregator)
            {
                akka.WithActors((system, registry) =>
                {
                    var settings = new PulseSettings
                    {
                        ClusterId = FrameSequence.ClusterId,
                        NodeId = "pulse-000001",
                        InitialBpm = 300,
                        Bar = FrameSequence.Bar,
                        Phases = FrameSequence.Phases,
                        MinBpm = 1,
                        MaxBpm = 6000,
                    };
                    var options = new WindowAggregatorOptions { KeepWindows = 3 };
                    registry.Register<WindowAggregator>(system.ActorOf(WindowAggregator.Props(settings, options, ActorRefs.Nobody, ActorRefs.Nobody, ActorRefs.Nobody)));
                });
            }
        });
        var app = builder.Build();
        app.MapWindowEndpoints(TimeSpan.FromSeconds(2));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>Plays beats 0 to 12 with one claim in the first bar; windows 0, 4 and 8 close.</summary>
    private async Task CloseThreeWindowsAsync()
    {
        foreach (var frame in _frames.Through(0, 3))
        {
            _aggregator.Tell(new Beat(frame, BeatOrigin.Leader));
        }

        _aggregator.Tell(AClaim().By("agent-1").For(2, "work").Build());
        foreach (var frame in _frames.Through(4, 12, "work"))
        {
            _aggregator.Tell(new Beat(frame, BeatOrigin.Leader));
        }

        await _aggregator.Ask<WindowReports>(new GetWindows(1), TimeSpan.FromSeconds(5));
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Windows_lists_the_newest_reports_first()
    {
        await CloseThreeWindowsAsync();

        var response = await _client.GetAsync("/windows");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var windows = (await JsonOf(response)).GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([8L, 4L, 0L], windows.Select(w => w.GetProperty("downbeat_index").GetInt64()));
        Assert.Equal(1, windows[2].GetProperty("participants").GetInt32());
    }

    [Fact]
    public async Task Windows_honours_n()
    {
        await CloseThreeWindowsAsync();

        var windows = (await JsonOf(await _client.GetAsync("/windows?n=2"))).GetProperty("windows").EnumerateArray();

        Assert.Equal(2, windows.Count());
    }

    [Fact]
    public async Task A_window_is_served_by_its_id_in_its_published_shape()
    {
        await CloseThreeWindowsAsync();
        var id = WindowId.ForDownbeat(FrameSequence.ClusterId, 0);

        var response = await _client.GetAsync($"/windows/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = WindowReportJson.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((id, 0L, 1, 1.0), (report.WindowId, report.DownbeatIndex, report.Claims, report.CompletionRate!.Value));
    }

    [Fact]
    public async Task An_unknown_window_is_404_with_a_problem_document()
    {
        var response = await _client.GetAsync("/windows/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no report for window", (await JsonOf(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/windows/XYZ")]
    [InlineData("/windows/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("/windows/0123456789abcdef0123456789abcdef00")]
    [InlineData("/windows?n=0")]
    [InlineData("/windows?n=-1")]
    [InlineData("/windows?n=abc")]
    [InlineData("/windows?n=1001")]
    [InlineData("/windows?n=99999999999999999999")]
    [InlineData("/windows?n=1&n=2")]
    public async Task Bad_requests_are_400_with_a_problem_document(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_an_aggregator_the_endpoints_answer_503()
    {
        var (app, client) = await StartAsync(withAggregator: false);
        try
        {
            var list = await client.GetAsync("/windows");
            var one = await client.GetAsync("/windows/0123456789abcdef0123456789abcdef");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, one.StatusCode);
            Assert.Contains("not enabled", (await JsonOf(list)).GetProperty("detail").GetString());
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
