namespace Backbeat.Pulse;

/// <summary>
/// Timer drift (SPEC §7 <c>timer_drift_percent</c>, §10 PER-003 "≤ 1% over an hour without a leader"): the rate at
/// which this node's frames fall behind (or run ahead of) the timeline, i.e. the error its clock accumulates per
/// elapsed time; a 1% drift loses 36 s an hour. It is not the jitter of single frames: a timer that wakes 0.3 ms
/// late on every frame keeps perfect time over the hour and has no drift.
/// </summary>
/// <remarks>
/// The rate is Tukey's resistant line over the most recent samples: the slope from the median (instant, lateness)
/// of the oldest third to that of the newest third. Medians rather than least squares because on a shared machine
/// a frame's lateness is dominated by a few scheduling stalls of tens of milliseconds: one 50 ms stall near either
/// end of a one-minute window tilts a least-squares slope by ~0.003%, while a clock that really drifts moves the
/// whole distribution, which the medians follow. Lateness is kept signed: a clock that runs fast delivers early.
/// </remarks>
public sealed class DriftTrend
{
    /// <summary>Fewer samples than this say nothing about a rate (each third needs a median of at least two).</summary>
    public const int MinimumSamples = 6;

    private readonly double[] _instantSeconds;
    private readonly double[] _latenessSeconds;
    private readonly double[] _scratch;
    private long? _originTicks;
    private int _count;
    private int _next;

    public DriftTrend(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, MinimumSamples);
        _instantSeconds = new double[capacity];
        _latenessSeconds = new double[capacity];
        _scratch = new double[capacity / 3];
    }

    public int Count => _count;

    /// <param name="instant">The frame's instant on the timeline.</param>
    /// <param name="lateness">When it was delivered minus <paramref name="instant"/> (negative when early).</param>
    public void Add(DateTimeOffset instant, TimeSpan lateness)
    {
        // Seconds from the first sample keep full double precision over any realistic uptime.
        _originTicks ??= instant.UtcTicks;
        _instantSeconds[_next] = (double)(instant.UtcTicks - _originTicks.Value) / TimeSpan.TicksPerSecond;
        _latenessSeconds[_next] = lateness.TotalSeconds;
        _next = (_next + 1) % _instantSeconds.Length;
        _count = Math.Min(_count + 1, _instantSeconds.Length);
    }

    /// <summary>
    /// Signed drift rate: seconds of lateness gained per second of timeline (positive: the local clock falls
    /// behind). 0 until <see cref="MinimumSamples"/> samples, or when they all share one instant.
    /// </summary>
    public double Rate()
    {
        if (_count < MinimumSamples)
        {
            return 0;
        }

        var third = _count / 3;
        var oldest = _count == _instantSeconds.Length ? _next : 0;
        var newest = oldest + _count - third;
        var elapsed = MedianOf(_instantSeconds, newest, third) - MedianOf(_instantSeconds, oldest, third);
        if (elapsed <= 0)
        {
            return 0;
        }

        return (MedianOf(_latenessSeconds, newest, third) - MedianOf(_latenessSeconds, oldest, third)) / elapsed;
    }

    /// <summary>|<see cref="Rate"/>| in percent: the figure SPEC §7 reports and PER-003 limits to 1%.</summary>
    public double Percent() => Math.Abs(Rate()) * 100;

    /// <summary>Median of <paramref name="length"/> ring entries starting at logical position <paramref name="start"/>.</summary>
    private double MedianOf(double[] ring, int start, int length)
    {
        var values = _scratch.AsSpan(0, length);
        for (var i = 0; i < length; i++)
        {
            values[i] = ring[(start + i) % ring.Length];
        }

        values.Sort();
        var middle = length / 2;
        return length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
