using Backbeat.Bench.Fanout;
using Backbeat.Bench.Nodes;
using Backbeat.Contracts;
using NATS.Client.Core;

namespace Backbeat.Bench.Nats;

/// <summary>
/// NATS subscriptions to one subject, <c>perConnection</c> on each of <c>connections</c> connections (as that many
/// services with that many listeners each), one reader task per subscription stamping each message as soon as it
/// gets it. Runs in whichever process creates it: the bench's own, or the <c>nats-subscribers</c> child.
/// </summary>
internal sealed class SubscriberFleet : IFanoutSubscribers
{
    private readonly NatsReceive _receive;
    private readonly List<NatsConnection> _connections = [];
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly List<Func<FanoutCollector.Row, CancellationToken, Task>> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private FanoutCollector? _stamps;
    private Task[] _running = [];

    private SubscriberFleet(NatsReceive receive) => _receive = receive;

    public int Subscriptions => _readers.Count;

    public static async Task<SubscriberFleet> ConnectAsync(
        string url, string subject, int connections, int perConnection, NatsReceive receive, CancellationToken cancellation)
    {
        var fleet = new SubscriberFleet(receive);
        try
        {
            for (var c = 0; c < connections; c++)
            {
                var connection = new NatsConnection(new NatsOpts { Url = url, Name = $"backbeat-bench-{c}" });
                fleet._connections.Add(connection);
                await connection.ConnectAsync();
                for (var s = 0; s < perConnection; s++)
                {
                    await fleet.SubscribeAsync(connection, subject, cancellation);
                }

                await connection.PingAsync(cancellation);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    public Task RecordAsync(long first, long last, CancellationToken cancellation)
    {
        if (_stamps is not null)
        {
            throw new InvalidOperationException("the fleet records one window");
        }

        _stamps = new FanoutCollector(FrameOrdinals.Default, _readers.Count, first, last);
        _running = [.. _readers.Select((read, i) =>
        {
            var sink = _stamps.SinkFor(i);
            return Task.Run(() => read(sink, _stop.Token), CancellationToken.None);
        })];
        return Task.CompletedTask;
    }

    public async Task<RecordedFanout> StopAsync(CancellationToken cancellation)
    {
        var stamps = _stamps ?? throw new InvalidOperationException("the fleet was not recording");

        // Parse readers end on the token; pooled readers when unsubscribing completes their channel.
        await _stop.CancelAsync();
        await UnsubscribeAsync();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10), cancellation);
        return new RecordedFanout(stamps, SubscriberGc: null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await UnsubscribeAsync();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _connections.Clear();
        _stop.Dispose();
    }

    private async Task SubscribeAsync(NatsConnection connection, string subject, CancellationToken cancellation)
    {
        switch (_receive)
        {
            case NatsReceive.Parse:
                var parsed = await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cancellation);
                _subscriptions.Add(parsed);
                _readers.Add((sink, stop) => ReadParsedAsync(parsed, sink, stop));
                break;
            case NatsReceive.Pooled:
                var pooled = await connection.SubscribeCoreAsync<NatsMemoryOwner<byte>>(subject, cancellationToken: cancellation);
                _subscriptions.Add(pooled);
                _readers.Add((sink, _) => ReadPooledAsync(pooled, sink));
                break;
            case NatsReceive.Ordinal:
                var ordinals = await connection.SubscribeCoreAsync(subject, serializer: FrameOrdinalDeserializer.Default, cancellationToken: cancellation);
                _subscriptions.Add(ordinals);
                _readers.Add((sink, _) => ReadOrdinalsAsync(ordinals, sink));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(_receive), _receive, "unknown receive path");
        }
    }

    private async Task UnsubscribeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync();
        }

        _subscriptions.Clear();
    }

    /// <summary>Stamps each message as soon as the reader gets it, then parses it (the parse is not timed).</summary>
    private static async Task ReadParsedAsync(INatsSub<byte[]> subscription, FanoutCollector.Row sink, CancellationToken stop)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(stop))
            {
                var received = DateTimeOffset.UtcNow.UtcTicks;
                if (message.Data is { } data)
                {
                    sink.OnFrame(BeatFrameJson.Parse(data), received);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// As <see cref="ReadParsedAsync"/>, without garbage: the payload's buffer goes back to the pool after the ordinal
    /// is read from it, and the waits take no token (a cancellable wait allocates a waiter of its own each time), so
    /// the loop ends when unsubscribing completes the channel. A message that is not a frame still fails the reader.
    /// </summary>
    private static async Task ReadPooledAsync(INatsSub<NatsMemoryOwner<byte>> subscription, FanoutCollector.Row sink)
    {
        var messages = subscription.Msgs;
        while (await messages.WaitToReadAsync())
        {
            while (messages.TryRead(out var message))
            {
                var received = DateTimeOffset.UtcNow.UtcTicks;
                using var data = message.Data;
                sink.OnOrdinal(FrameOrdinalReader.Default.OrdinalOf(data.Span), received);
            }
        }
    }

    /// <summary>As <see cref="ReadPooledAsync"/>, for messages the client already decoded into their ordinal.</summary>
    private static async Task ReadOrdinalsAsync(INatsSub<long> subscription, FanoutCollector.Row sink)
    {
        var messages = subscription.Msgs;
        while (await messages.WaitToReadAsync())
        {
            while (messages.TryRead(out var message))
            {
                var received = DateTimeOffset.UtcNow.UtcTicks;
                message.EnsureSuccess();
                sink.OnOrdinal(message.Data, received);
            }
        }
    }
}
