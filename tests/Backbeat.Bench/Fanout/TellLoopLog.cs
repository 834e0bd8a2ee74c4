using HdrHistogram;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// How long the baseline's loop of Tells took per frame of the window, in wall-clock time and in CPU time of the
/// telling thread: the difference is the time the thread stood preempted (by the mailbox runs it scheduled, among others).
/// </summary>
internal sealed class TellLoopLog(long first, long last)
{
    private readonly LongHistogram _wall = new(TimeSpan.FromSeconds(10).Ticks, 3);
    private readonly LongHistogram _cpu = new(TimeSpan.FromSeconds(10).Ticks, 3);
    private readonly object _gate = new();

    public void Record(long ordinal, TimeSpan wall, TimeSpan? cpu)
    {
        if (ordinal < first || ordinal > last)
        {
            return;
        }

        lock (_gate)
        {
            _wall.RecordValue(Math.Clamp(wall.Ticks, 0, _wall.HighestTrackableValue));
            if (cpu is { } used)
            {
                _cpu.RecordValue(Math.Clamp(used.Ticks, 0, _cpu.HighestTrackableValue));
            }
        }
    }

    public double WallP50Ms => Ms(_wall, 50);

    public double WallP99Ms => Ms(_wall, 99);

    /// <summary>Null where the thread's CPU clock cannot be read (not Linux).</summary>
    public double? CpuP50Ms => _cpu.TotalCount == 0 ? null : Ms(_cpu, 50);

    private double Ms(LongHistogram histogram, double percentile)
    {
        lock (_gate)
        {
            return (double)histogram.GetValueAtPercentile(percentile) / TimeSpan.TicksPerMillisecond;
        }
    }
}
