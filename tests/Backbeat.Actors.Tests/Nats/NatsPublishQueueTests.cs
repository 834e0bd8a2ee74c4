using Backbeat.Nats;

namespace Backbeat.Tests.Nats;

public sealed class NatsPublishQueueTests
{
    [Fact]
    public void A_full_queue_drops_the_oldest_and_counts_it()
    {
        var queue = new NatsPublishQueue(capacity: 3);
        var frames = new BeatFrameSequence().Take(5);

        foreach (var frame in frames)
        {
            Assert.True(queue.TryEnqueue(NatsOutgoing.Of(frame)));
        }

        Assert.Equal(2, queue.DroppedCount);
        Assert.Equal(frames.Skip(2), Drain(queue).Select(m => m.Frame));
    }

    [Fact]
    public void Each_dropped_message_is_reported()
    {
        var queue = new NatsPublishQueue(capacity: 2);
        var dropped = new List<NatsOutgoing>();
        queue.Dropped += dropped.Add;
        var frames = new BeatFrameSequence().Take(4);

        foreach (var frame in frames)
        {
            queue.TryEnqueue(NatsOutgoing.Of(frame));
        }

        Assert.Equal(frames.Take(2), dropped.Select(m => m.Frame));
    }

    [Fact]
    public void Below_capacity_nothing_is_dropped()
    {
        var queue = new NatsPublishQueue(capacity: 4);
        var frames = new BeatFrameSequence().Take(4);

        foreach (var frame in frames)
        {
            queue.TryEnqueue(NatsOutgoing.Of(frame));
        }

        Assert.Equal(0, queue.DroppedCount);
        Assert.Equal(frames, Drain(queue).Select(m => m.Frame));
    }

    [Fact]
    public void A_completed_queue_takes_nothing_more()
    {
        var queue = new NatsPublishQueue(capacity: 4);
        queue.Complete();

        Assert.False(queue.TryEnqueue(NatsOutgoing.Of(new BeatFrameSequence().Next())));
    }

    [Fact]
    public void Capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NatsPublishQueue(capacity: 0));
    }

    private static List<NatsOutgoing> Drain(NatsPublishQueue queue)
    {
        var messages = new List<NatsOutgoing>();
        while (queue.Reader.TryRead(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }
}
