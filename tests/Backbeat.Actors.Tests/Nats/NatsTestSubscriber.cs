using NATS.Client.Core;

namespace Backbeat.Tests.Nats;

/// <summary>An outside service listening on one subject, as any NATS client would: it sees what the broker delivers.</summary>
public sealed class NatsTestSubscriber : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly INatsSub<byte[]> _subscription;

    private NatsTestSubscriber(NatsConnection connection, INatsSub<byte[]> subscription)
    {
        _connection = connection;
        _subscription = subscription;
    }

    /// <summary>Subscribed, and the server has seen the subscription, once this returns.</summary>
    public static async Task<NatsTestSubscriber> StartAsync(string url, string subject)
    {
        var connection = new NatsConnection(new NatsOpts { Url = url, Name = "backbeat-test-subscriber" });
        await connection.ConnectAsync();
        var subscription = await connection.SubscribeCoreAsync<byte[]>(subject);
        await connection.PingAsync();
        return new NatsTestSubscriber(connection, subscription);
    }

    /// <summary>The next message's payload, or a <see cref="TimeoutException"/> naming the wait.</summary>
    public async Task<byte[]> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            var message = await _subscription.Msgs.ReadAsync(cancellation.Token);
            return message.Data ?? [];
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message on {_subscription.Subject} within {timeout}");
        }
    }

    /// <summary>The next <paramref name="count"/> payloads in arrival order.</summary>
    public async Task<IReadOnlyList<byte[]>> TakeAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var payloads = new List<byte[]>(count);
        while (payloads.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{payloads.Count} of {count} messages on {_subscription.Subject} within {timeout}");
            }

            payloads.Add(await NextAsync(left));
        }

        return payloads;
    }

    /// <summary>Whatever else arrives within <paramref name="quiet"/>.</summary>
    public async Task<IReadOnlyList<byte[]>> RestAsync(TimeSpan quiet)
    {
        await Task.Delay(quiet);
        var payloads = new List<byte[]>();
        while (_subscription.Msgs.TryRead(out var message))
        {
            payloads.Add(message.Data ?? []);
        }

        return payloads;
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
