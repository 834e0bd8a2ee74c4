using System.Net.ServerSentEvents;
using Backbeat.Node.Api;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Api;

public sealed class BeatStreamTests(RealPulseNodeFixture fixture) : IClassFixture<RealPulseNodeFixture>
{
    [Fact]
    public async Task The_stream_carries_consecutive_leader_frames_as_server_sent_events()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await fixture.Node.Client.GetAsync("/beats/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        // A brand-new node may cover its first beats locally while its leader is still warming up, so the test reads
        // until three leader frames arrive in a row.
        var beats = new List<(string Origin, Contracts.BeatFrame Frame)>();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            Assert.Equal("beat", item.EventType);
            var beat = BeatStream.Parse(item.Data);
            if (beat.Origin != "leader")
            {
                beats.Clear();
                continue;
            }

            beats.Add(beat);
            if (beats.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(3, beats.Count);
        var ordinals = beats.Select(b => b.Frame.BeatIndex * 3 + Array.IndexOf(new[] { "plan", "work", "review" }, b.Frame.Phase)).ToList();
        Assert.Equal([ordinals[0], ordinals[0] + 1, ordinals[0] + 2], ordinals);
    }
}
