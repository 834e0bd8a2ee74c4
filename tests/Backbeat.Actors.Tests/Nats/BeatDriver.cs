using Akka.Actor;
using Backbeat.Nats;

namespace Backbeat.Tests.Nats;

/// <summary>Plays the leader's emitter: tells the publisher a new frame every <c>interval</c> until disposed.</summary>
public sealed class BeatDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;

    public BeatDriver(IActorRef publisher, BeatFrameSequence frames, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                publisher.Tell(new PublishBeat(frames.Next()));
                Interlocked.Increment(ref _sent);
            }
        });
    }

    public long Sent => Interlocked.Read(ref _sent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
