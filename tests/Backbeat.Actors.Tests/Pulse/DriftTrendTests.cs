using Backbeat.Pulse;

namespace Backbeat.Tests.Pulse;

public sealed class DriftTrendTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One frame every <paramref name="phase"/>, each <paramref name="lateness"/>(i) late.</summary>
    private static DriftTrend TrendOf(int frames, TimeSpan phase, Func<int, TimeSpan> lateness, int capacity = 1024)
    {
        var trend = new DriftTrend(capacity);
        for (var i = 0; i < frames; i++)
        {
            trend.Add(Start + phase * i, lateness(i));
        }

        return trend;
    }

    private static readonly TimeSpan Phase = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void A_constant_lateness_is_no_drift()
    {
        var trend = TrendOf(360, Phase, _ => TimeSpan.FromMilliseconds(0.3));

        Assert.Equal(0, trend.Percent(), precision: 12);
    }

    [Fact]
    public void A_clock_losing_one_percent_reports_one_percent()
    {
        var trend = TrendOf(360, Phase, i => Phase * i * 0.01);

        Assert.Equal(1.0, trend.Percent(), precision: 9);
    }

    [Fact]
    public void A_clock_running_fast_has_a_negative_rate_and_a_positive_percentage()
    {
        var trend = TrendOf(360, Phase, i => -Phase * i * 0.0002);

        Assert.Equal(-0.0002, trend.Rate(), precision: 12);
        Assert.Equal(0.02, trend.Percent(), precision: 9);
    }

    [Fact]
    public void Jitter_without_accumulation_is_no_drift()
    {
        // Alternately 0.1 and 0.9 ms late: a mean of half a millisecond, but nothing builds up.
        var trend = TrendOf(360, Phase, i => TimeSpan.FromMilliseconds(i % 2 == 0 ? 0.1 : 0.9));

        Assert.True(trend.Percent() < 0.0001, $"{trend.Percent()}%");
    }

    [Fact]
    public void A_few_long_stalls_do_not_read_as_drift()
    {
        // Steady 0.2 ms, with a 50 ms stall on every 40th frame (2.5% of frames), one of them the very last.
        var trend = TrendOf(360, Phase, i => TimeSpan.FromMilliseconds(i % 40 == 39 ? 50 : 0.2));

        Assert.Equal(0, trend.Percent(), precision: 12);
    }

    [Fact]
    public void Only_the_most_recent_samples_count()
    {
        // A clock that lost 1% for the first 100 frames, then kept time: a window of the last 60 sees no drift.
        var trend = TrendOf(160, Phase, i => Phase * Math.Min(i, 100) * 0.01, capacity: 60);

        Assert.Equal(0, trend.Percent(), precision: 12);
    }

    [Fact]
    public void The_rate_follows_a_full_window_that_wrapped_around()
    {
        var trend = TrendOf(1000, Phase, i => Phase * i * 0.005, capacity: 90);

        Assert.Equal(0.5, trend.Percent(), precision: 9);
    }

    [Fact]
    public void Too_few_samples_report_no_drift()
    {
        var trend = TrendOf(DriftTrend.MinimumSamples - 1, Phase, i => Phase * i * 0.5);

        Assert.Equal(0, trend.Rate());
    }

    [Fact]
    public void Samples_sharing_one_instant_report_no_drift()
    {
        var trend = TrendOf(12, TimeSpan.Zero, i => TimeSpan.FromMilliseconds(i));

        Assert.Equal(0, trend.Rate());
    }

    [Fact]
    public void A_window_smaller_than_the_minimum_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DriftTrend(DriftTrend.MinimumSamples - 1));
    }
}
