using System.Net.ServerSentEvents;
using System.Text.Json;
using Backbeat.Contracts;
using Backbeat.Node.Api;
using NATS.Client.Core;

namespace Backbeat.Node.Cli;

/// <summary>
/// <c>tail</c>: live frames, from a node's <c>/beats/stream</c> (leader and local frames, as that node delivers them)
/// or, with <c>--nats</c>, from <c>backbeat.{cluster}.beat</c> (the leader's frames only).
/// </summary>
public static class TailVerb
{
    public sealed record Settings(bool Json, int? Count, string? Nats, string Cluster);

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Count is <= 0)
        {
            throw new CliFailure("tail: --count must be a positive number of frames", CliExitCodes.Usage);
        }

        var frames = settings.Nats is { } nats
            ? FromNatsAsync(nats, settings.Cluster, context.Error, cancellationToken)
            : FromNodeAsync(context, cancellationToken);

        var shown = 0;
        try
        {
            await foreach (var (origin, frame) in frames.WithCancellation(cancellationToken))
            {
                await context.Out.WriteLineAsync(settings.Json ? BeatLine.Json(origin, frame) : BeatLine.Human(origin, frame));
                await context.Out.FlushAsync(cancellationToken);
                if (++shown == settings.Count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the operator has seen enough.
            return CliExitCodes.Ok;
        }

        return CliExitCodes.Ok;
    }

    private static async IAsyncEnumerable<(string Origin, BeatFrame Frame)> FromNodeAsync(
        CliContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        using var response = await client.OpenStreamAsync("/beats/stream", cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = SseParser.Create(body).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                SseItem<string> item;
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        throw new CliFailure($"the node at {context.Admin} closed the beat stream", CliExitCodes.Unreachable);
                    }

                    item = events.Current;
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new CliFailure($"the beat stream from {context.Admin} broke off: {ex.Message}", CliExitCodes.Unreachable);
                }

                if (item.EventType != "beat")
                {
                    continue;
                }

                (string, BeatFrame) beat;
                try
                {
                    beat = BeatStream.Parse(item.Data);
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    throw new CliFailure($"the node at {context.Admin} sent a beat event that is not a frame: {ex.Message}", CliExitCodes.Refused);
                }

                yield return beat;
            }
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<(string Origin, BeatFrame Frame)> FromNatsAsync(
        string url, string cluster, TextWriter warnings, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subject = $"backbeat.{cluster}.beat";
        await using var connection = new NatsConnection(new NatsOpts
        {
            Url = url,
            Name = "backbeat-tail",
            ConnectTimeout = CliContext.RequestTimeout,
        });
        try
        {
            await connection.ConnectAsync();
        }
        catch (NatsException ex)
        {
            throw new CliFailure($"cannot reach NATS at {url}: {ex.GetBaseException().Message}", CliExitCodes.Unreachable);
        }

        await foreach (var message in connection.SubscribeAsync<byte[]>(subject, cancellationToken: cancellationToken))
        {
            BeatFrame frame;
            try
            {
                frame = BeatFrameJson.Parse(message.Data ?? []);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                // Someone else published garbage on the subject: say so and keep watching.
                await warnings.WriteLineAsync($"warning: a message on {subject} is not a BeatFrame: {ex.Message}");
                continue;
            }

            // Only the leader publishes on the beat subject (SPEC §3).
            yield return ("leader", frame);
        }
    }
}
