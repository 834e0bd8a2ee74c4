using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Backbeat.Contracts;
using Backbeat.Node.Hosting;
using Backbeat.Pulse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;

namespace Backbeat.Node.Api;

/// <summary>
/// <c>GET /beats/stream</c>: every frame this node's follower delivers, as server-sent events
/// (<c>event: beat</c>, data <c>{"origin":"leader"|"local","frame":{...BeatFrame...}}</c>). Feeds the dashboard,
/// <c>backbeat tail</c> and the chaos harness' local recordings.
/// </summary>
public static class BeatStream
{
    /// <summary>Frames buffered per client; a client that falls further behind loses the oldest ones.</summary>
    public const int ClientBuffer = 256;

    public static WebApplication MapBeatStream(this WebApplication app)
    {
        app.MapGet("/beats/stream", Stream);
        return app;
    }

    private static IResult Stream(
        [FromServices] ActorSystem system,
        [FromServices] ActorRegistry registry,
        [FromServices] PulseInstallation pulse,
        [FromServices] IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(Events(system, pulse.Resolve(registry).Follower, lifetime.ApplicationStopping, cancellationToken));

    private static async IAsyncEnumerable<SseItem<string>> Events(
        ActorSystem system, IActorRef follower, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The stream ends when the host stops, not only when the client goes: Kestrel waits for open requests
        // before the process can exit, so a connected client would otherwise hold a SIGTERM (or a node downed by
        // the split-brain resolver) for the whole host shutdown timeout.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var channel = Channel.CreateBounded<Beat>(new BoundedChannelOptions(ClientBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var relay = system.ActorOf(BeatStreamRelay.Props(channel.Writer));
        try
        {
            follower.Tell(new SubscribeBeats(relay));
            while (await WaitForBeatsAsync(channel.Reader, ended.Token))
            {
                while (channel.Reader.TryRead(out var beat))
                {
                    yield return new SseItem<string>(Format(beat), "beat");
                }
            }
        }
        finally
        {
            follower.Tell(new UnsubscribeBeats(relay));
            relay.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>False once the client left or the host is stopping: the stream then ends normally.</summary>
    private static async Task<bool> WaitForBeatsAsync(ChannelReader<Beat> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The event's data: origin first, then the frame exactly as on NATS.</summary>
    public static string Format(Beat beat) =>
        $"{{\"origin\":\"{(beat.IsLocal ? "local" : "leader")}\",\"frame\":{BeatFrameJson.ToJson(beat.Frame)}}}";

    /// <summary>Parses an event's data back (for clients such as the CLI and the chaos harness).</summary>
    public static (string Origin, BeatFrame Frame) Parse(string data)
    {
        using var document = JsonDocument.Parse(data);
        var origin = document.RootElement.GetProperty("origin").GetString() ?? throw new JsonException("a beat event needs an origin");
        return (origin, BeatFrameJson.Parse(document.RootElement.GetProperty("frame").GetRawText()));
    }

    /// <summary>Moves beats from the follower into one client's buffer.</summary>
    private sealed class BeatStreamRelay : ReceiveActor
    {
        public BeatStreamRelay(ChannelWriter<Beat> writer)
        {
            Receive<Beat>(beat => writer.TryWrite(beat));
            Receive<Subscribed>(_ => { });
            Receive<Unsubscribed>(_ => { });
        }

        public static Props Props(ChannelWriter<Beat> writer) => Akka.Actor.Props.Create(() => new BeatStreamRelay(writer));
    }
}
