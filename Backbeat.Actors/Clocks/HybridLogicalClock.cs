namespace Backbeat.Clocks;

/// <summary>
/// Hybrid logical clock after Kulkarni et al., "Logical Physical Clocks" (2014): timestamps that follow
/// causality and stay close to physical time. Thread-safe.
/// </summary>
public sealed class HybridLogicalClock
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _l;
    private int _c;
    private long _rejected;

    public HybridLogicalClock(string nodeId, TimeProvider? time = null, TimeSpan? maxOffset = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        NodeSuffix = nodeId.Length <= 4 ? nodeId : nodeId[^4..];
        _time = time ?? TimeProvider.System;
        MaxOffset = maxOffset ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>The last four characters of the node id, stamped on every timestamp.</summary>
    public string NodeSuffix { get; }

    /// <summary>How far ahead of local physical time a received timestamp may be before it is rejected.</summary>
    public TimeSpan MaxOffset { get; }

    /// <summary>How many received timestamps were rejected for being too far ahead.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>The clock's current reading, without advancing it.</summary>
    public HlcTimestamp Current
    {
        get
        {
            lock (_gate)
            {
                return new HlcTimestamp(_l, _c, NodeSuffix);
            }
        }
    }

    /// <summary>A local or send event: <c>l' = max(l, pt)</c>; the counter grows only while l stands still.</summary>
    public HlcTimestamp Now()
    {
        var pt = PhysicalMilliseconds();
        lock (_gate)
        {
            var l = Math.Max(_l, pt);
            return Advance(l, l == _l ? _c + 1L : 0);
        }
    }

    /// <summary>
    /// A receive event for <paramref name="remote"/>. Returns false, leaves the clock as it was and counts
    /// the rejection when the remote physical time is more than <see cref="MaxOffset"/> ahead of ours.
    /// </summary>
    public bool TryReceive(HlcTimestamp remote, out HlcTimestamp updated)
    {
        var pt = PhysicalMilliseconds();
        if (remote.L - pt > (long)MaxOffset.TotalMilliseconds)
        {
            Interlocked.Increment(ref _rejected);
            updated = Current;
            return false;
        }

        lock (_gate)
        {
            var l = Math.Max(Math.Max(_l, remote.L), pt);
            long c;
            if (l == _l && l == remote.L)
            {
                c = Math.Max(_c, remote.C) + 1L;
            }
            else if (l == _l)
            {
                c = _c + 1L;
            }
            else if (l == remote.L)
            {
                c = remote.C + 1L;
            }
            else
            {
                c = 0;
            }

            updated = Advance(l, c);
            return true;
        }
    }

    /// <summary>How far the clock's logical time runs ahead of local physical time (seconds; 0 when in step).</summary>
    public double DriftSeconds()
    {
        var pt = PhysicalMilliseconds();
        lock (_gate)
        {
            return Math.Max(0, _l - pt) / 1000.0;
        }
    }

    /// <summary>Moves the clock to (l, c); called under the lock.</summary>
    private HlcTimestamp Advance(long l, long c)
    {
        // A counter that cannot grow (a remote can send 7fffffff) would wrap negative and run the clock
        // backwards; moving l on by a millisecond keeps every timestamp after the last.
        if (c > int.MaxValue)
        {
            l++;
            c = 0;
        }

        _l = l;
        _c = (int)c;
        return new HlcTimestamp(_l, _c, NodeSuffix);
    }

    private long PhysicalMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
