using System.Net;
using Backbeat.Metrics;
using Backbeat.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Backbeat.Node.Tests.Api;

public sealed class MetricsTests(RunningNodeFixture fixture) : IClassFixture<RunningNodeFixture>
{
    [Theory]
    [InlineData("backbeat_beat_publish_duration_seconds", "histogram")]
    [InlineData("backbeat_beat_delivery_latency_seconds", "histogram")]
    [InlineData("backbeat_pulse_jitter_seconds", "histogram")]
    [InlineData("backbeat_timer_drift_ratio", "gauge")]
    [InlineData("backbeat_is_leader", "gauge")]
    [InlineData("backbeat_beats_total", "counter")]
    [InlineData("backbeat_tempo_change_errors_total", "counter")]
    [InlineData("backbeat_leadership_changes_total", "counter")]
    [InlineData("backbeat_degradation_mode", "gauge")]
    public async Task Metrics_exports_each_spec_instrument_under_its_spec_name(string name, string type)
    {
        var metrics = fixture.Node.App.Services.GetRequiredService<BackbeatMetrics>();
        metrics.PublishDuration.Record(0.0004);
        metrics.DeliveryLatency.Record(0.002);
        metrics.PulseJitter.Record(0.001);
        metrics.BeatsTotal.Add(1);
        metrics.TempoChangeErrors.Add(1);
        metrics.LeadershipChanges.Add(1);

        var text = await ScrapeAsync();

        Assert.Contains($"# TYPE {name} {type}\n", text);
        Assert.Contains(text.Split('\n'), line => line.StartsWith(name + (type == "histogram" ? "_bucket{" : "{"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text()
    {
        using var response = await fixture.Node.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> ScrapeAsync()
    {
        // The exporter caches a scrape briefly; ask until the recorded instruments show up.
        var text = string.Empty;
        for (var attempt = 0; attempt < 50 && !text.Contains("backbeat_beats_total", StringComparison.Ordinal); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(200);
            }

            text = await fixture.Node.Client.GetStringAsync("/metrics");
        }

        return text;
    }
}
