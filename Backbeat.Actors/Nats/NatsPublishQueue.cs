using System.Threading.Channels;
using Backbeat.Contracts;

namespace Backbeat.Nats;

/// <summary>One message waiting for NATS: a beat frame or a control event.</summary>
public readonly record struct NatsOutgoing(BeatFrame? Frame, ControlEvent? Control)
{
    public static NatsOutgoing Of(BeatFrame frame) => new(frame, null);

    public static NatsOutgoing Of(ControlEvent controlEvent) => new(null, controlEvent);
}

/// <summary>
/// The bounded queue between the emitter and NATS. Writing never waits: when the queue is full the
/// oldest message goes (a late beat is worth less than the current one) and is counted.
/// Any number of writers, one reader. A reader waiting for a message continues on the writer's thread (synchronous
/// continuations): the writer is the NATS publisher actor, and a frame handed over this way reaches the NATS client
/// without first waiting for a thread-pool worker to wake. The reader (<see cref="NatsOutbox"/>'s loop) only
/// serializes and hands the message to the client, never blocks, and continues on the pool whenever it has to wait.
/// </summary>
public sealed class NatsPublishQueue
{
    private readonly Channel<NatsOutgoing> _channel;
    private long _dropped;

    public NatsPublishQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<NatsOutgoing>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = true,
            },
            OnDropped);
    }

    /// <summary>Raised (on the writer's thread) for every message pushed out by a newer one.</summary>
    public event Action<NatsOutgoing>? Dropped;

    public int Capacity { get; }

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public int Count => _channel.Reader.Count;

    public ChannelReader<NatsOutgoing> Reader => _channel.Reader;

    /// <summary>Queues a message; false only once the queue is completed.</summary>
    public bool TryEnqueue(in NatsOutgoing message) => _channel.Writer.TryWrite(message);

    /// <summary>No more messages: the reader finishes after the ones already queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private void OnDropped(NatsOutgoing message)
    {
        Interlocked.Increment(ref _dropped);
        Dropped?.Invoke(message);
    }
}
