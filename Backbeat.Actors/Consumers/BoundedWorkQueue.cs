namespace Backbeat.Consumers;

/// <summary>A FIFO of at most <see cref="Capacity"/> items that, when full, evicts by its <see cref="OverflowPolicy"/>.</summary>
public sealed class BoundedWorkQueue<T>
    where T : class
{
    private readonly Queue<T> _items;

    public BoundedWorkQueue(int capacity, OverflowPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown overflow policy");
        }

        Capacity = capacity;
        Policy = policy;
        _items = new Queue<T>(capacity);
    }

    public int Capacity { get; }

    public OverflowPolicy Policy { get; }

    public int Count => _items.Count;

    /// <summary>Queues <paramref name="item"/>; returns the item left out when the queue was full (the oldest, or <paramref name="item"/> itself).</summary>
    public T? Offer(T item)
    {
        if (_items.Count < Capacity)
        {
            _items.Enqueue(item);
            return null;
        }

        if (Policy == OverflowPolicy.RefuseNewest)
        {
            return item;
        }

        var oldest = _items.Dequeue();
        _items.Enqueue(item);
        return oldest;
    }

    public bool TryTake(out T? item) => _items.TryDequeue(out item);

    /// <summary>Empties the queue, returning what was waiting, oldest first.</summary>
    public IReadOnlyList<T> Drain()
    {
        var items = _items.ToList();
        _items.Clear();
        return items;
    }
}
