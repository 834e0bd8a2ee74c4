using Backbeat.Pulse;

namespace Backbeat.Tests.Pulse;

public sealed class LatenessWindowTests
{
    [Fact]
    public void An_empty_window_reports_zeros()
    {
        var window = new LatenessWindow();

        Assert.Equal((0d, 0d, 0d), (window.Percentile(99), window.Max(), window.Mean()));
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var window = new LatenessWindow();
        foreach (var sample in Enumerable.Range(1, 100))
        {
            window.Add(sample);
        }

        Assert.Equal(50, window.Percentile(50));
        Assert.Equal(99, window.Percentile(99));
        Assert.Equal(100, window.Max());
    }

    [Fact]
    public void Only_the_most_recent_samples_count()
    {
        var window = new LatenessWindow(capacity: 3);
        foreach (var sample in new[] { 100d, 1, 2, 3 })
        {
            window.Add(sample);
        }

        Assert.Equal(3, window.Max());
        Assert.Equal(2, window.Mean());
    }
}
