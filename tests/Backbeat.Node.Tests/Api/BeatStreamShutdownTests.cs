using System.Diagnostics;
using System.Net.ServerSentEvents;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class BeatStreamShutdownTests
{
    // The host's shutdown timeout is 30 s: a stream that held the stop open would take all of it.
    private static readonly TimeSpan PromptStop = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_open_stream_ends_when_the_node_stops_instead_of_holding_the_shutdown()
    {
        var node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var response = await node.Client.GetAsync("/beats/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = SseParser.Create(body).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await events.MoveNextAsync(), "the stream delivered no first beat");

        var stopping = Stopwatch.StartNew();
        await node.App.StopAsync(timeout.Token);
        stopping.Stop();
        var ended = !await events.MoveNextAsync();
        await events.DisposeAsync();
        await node.DisposeAsync();

        Assert.True(stopping.Elapsed < PromptStop, $"stopping the node took {stopping.Elapsed.TotalSeconds:F1} s with a stream open");
        Assert.True(ended, "the stream went on after the node stopped");
    }
}
