using Backbeat.Consumers;

namespace Backbeat.Tests.Consumers;

public sealed class BoundedWorkQueueTests
{
    [Fact]
    public void Below_capacity_nothing_is_left_out()
    {
        var queue = new BoundedWorkQueue<string>(2, OverflowPolicy.DropOldest);

        Assert.Null(queue.Offer("a"));
        Assert.Null(queue.Offer("b"));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Full_and_dropping_the_oldest_it_gives_back_the_oldest()
    {
        var queue = new BoundedWorkQueue<string>(2, OverflowPolicy.DropOldest);
        queue.Offer("a");
        queue.Offer("b");

        Assert.Equal("a", queue.Offer("c"));
        Assert.Equal(["b", "c"], queue.Drain());
    }

    [Fact]
    public void Full_and_refusing_the_newest_it_gives_back_the_new_item()
    {
        var queue = new BoundedWorkQueue<string>(2, OverflowPolicy.RefuseNewest);
        queue.Offer("a");
        queue.Offer("b");

        Assert.Equal("c", queue.Offer("c"));
        Assert.Equal(["a", "b"], queue.Drain());
    }

    [Fact]
    public void Items_come_out_in_arrival_order()
    {
        var queue = new BoundedWorkQueue<string>(3, OverflowPolicy.DropOldest);
        queue.Offer("a");
        queue.Offer("b");

        Assert.True(queue.TryTake(out var first));
        Assert.Equal("a", first);
        Assert.True(queue.TryTake(out var second));
        Assert.Equal("b", second);
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedWorkQueue<string>(0, OverflowPolicy.DropOldest));
    }
}
