namespace Backbeat.Pulse;

/// <summary>The most recent lateness samples (ms), for the percentiles shown by <c>/leader</c> and the dashboard.</summary>
public sealed class LatenessWindow
{
    private readonly double[] _samples;
    private int _count;
    private int _next;

    public LatenessWindow(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _samples = new double[capacity];
    }

    public int Count => _count;

    public void Add(double milliseconds)
    {
        _samples[_next] = milliseconds;
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100) of the window, 0 when empty.</summary>
    public double Percentile(double p)
    {
        if (_count == 0)
        {
            return 0;
        }

        var sorted = _samples.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * _count);
        return sorted[Math.Clamp(rank - 1, 0, _count - 1)];
    }

    public double Max()
    {
        var max = 0d;
        foreach (var sample in _samples.AsSpan(0, _count))
        {
            max = Math.Max(max, sample);
        }

        return max;
    }

    public double Mean()
    {
        var sum = 0d;
        foreach (var sample in _samples.AsSpan(0, _count))
        {
            sum += sample;
        }

        return _count == 0 ? 0 : sum / _count;
    }
}
