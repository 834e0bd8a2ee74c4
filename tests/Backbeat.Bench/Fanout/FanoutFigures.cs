using HdrHistogram;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// The fan-out figures of one set of subscribers over the measured window, per frame: from the instant the fan-out
/// was due to the last subscriber's receive (the figure that counts), to the first one's, and from the first
/// subscriber to the last (the fan-out itself). Frames some subscriber never received are counted, not measured.
/// </summary>
internal sealed record FanoutFigures(
    long Frames,
    long Incomplete,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double ToFirstP50Ms,
    double ToFirstP99Ms,
    double SpreadP50Ms,
    double SpreadP99Ms,
    double SpreadMaxMs)
{
    /// <param name="dueUtcTicks">When the fan-out of a frame (by ordinal) was due to start.</param>
    public static FanoutFigures Of(FanoutCollector collector, int subscribers, Func<long, long> dueUtcTicks)
    {
        var toLast = NewHistogram();
        var toFirst = NewHistogram();
        var spread = NewHistogram();
        long incomplete = 0;
        for (var ordinal = collector.First; ordinal <= collector.Last; ordinal++)
        {
            if (collector.CountOf(ordinal) < subscribers)
            {
                incomplete++;
                continue;
            }

            var first = collector.FirstReceivedOf(ordinal);
            var last = collector.LastReceivedOf(ordinal);
            Record(toLast, last - dueUtcTicks(ordinal));
            Record(toFirst, first - dueUtcTicks(ordinal));
            Record(spread, last - first);
        }

        return new FanoutFigures(collector.Last - collector.First + 1, incomplete,
            Ms(toLast.GetValueAtPercentile(50)), Ms(toLast.GetValueAtPercentile(99)), Ms(toLast.GetMaxValue()),
            Ms(toFirst.GetValueAtPercentile(50)), Ms(toFirst.GetValueAtPercentile(99)),
            Ms(spread.GetValueAtPercentile(50)), Ms(spread.GetValueAtPercentile(99)), Ms(spread.GetMaxValue()));
    }

    private static LongHistogram NewHistogram() => new(TimeSpan.FromSeconds(10).Ticks, 3);

    private static void Record(LongHistogram histogram, long ticks) =>
        histogram.RecordValue(Math.Clamp(ticks, 0, histogram.HighestTrackableValue));

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}
