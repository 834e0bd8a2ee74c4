using System.Diagnostics;
using System.Net.ServerSentEvents;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class BeatStreamShutdownTests
{
    [Fact]
    public async Task A_node_with_an_open_beat_stream_stops_without_waiting_out_the_shutdown_timeout_and_ends_the_stream()
    {
        var node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();
        using var client = new HttpClient { BaseAddress = node.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await client.GetAsync("/beats/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        var stopping = Stopwatch.StartNew();
        await node.DisposeAsync();
        stopping.Stop();

        // The server's shutdown timeout is 30 s; an open stream used to hold the stop for all of it.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"the node took {stopping.Elapsed.TotalSeconds:0.0} s to stop");
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await events.MoveNextAsync().AsTask().WaitAsync(drain.Token))
        {
        }

        await events.DisposeAsync();
    }
}
