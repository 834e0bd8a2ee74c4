using System.Text.Json;
using Backbeat.Contracts;
using NATS.Client.Core;

namespace Backbeat.Chaos.Recording;

/// <summary>
/// An outside NATS subscriber on <c>backbeat.{cluster}.beat</c>, as any consumer of the clock would be. It rides
/// through broker restarts (the client reconnects and subscribes again) and records what the broker delivered.
/// </summary>
public sealed class NatsRecorder : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiving = Task.CompletedTask;

    private NatsRecorder(NatsConnection connection) => _connection = connection;

    /// <summary>Frames that arrived but could not be read as BeatFrames (each is a contract breach).</summary>
    public int Unreadable { get; private set; }

    public static async Task<NatsRecorder> StartAsync(string url, string clusterId, HistoryRecorder recorder)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = url,
            Name = "backbeat-chaos-recorder",
            ReconnectWaitMin = TimeSpan.FromMilliseconds(50),
            ReconnectWaitMax = TimeSpan.FromMilliseconds(200),
            MaxReconnectRetry = -1,
        });
        await connection.ConnectAsync();
        var natsRecorder = new NatsRecorder(connection);
        var subscription = await connection.SubscribeCoreAsync<byte[]>($"backbeat.{clusterId}.beat");
        await connection.PingAsync();
        natsRecorder._receiving = natsRecorder.ReceiveAsync(subscription, recorder);
        return natsRecorder;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }

        await _connection.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ReceiveAsync(INatsSub<byte[]> subscription, HistoryRecorder recorder)
    {
        await using var _ = subscription;
        await foreach (var message in subscription.Msgs.ReadAllAsync(_stopping.Token))
        {
            try
            {
                recorder.OnNats(BeatFrameJson.Parse(message.Data ?? []));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
            {
                Unreadable++;
            }
        }
    }
}
