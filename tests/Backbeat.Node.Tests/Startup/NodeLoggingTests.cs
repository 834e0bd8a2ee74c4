using Akka.Actor;
using Backbeat.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backbeat.Node.Tests.Startup;

public sealed class NodeLoggingTests
{
    [Fact]
    public async Task The_first_log_line_says_where_the_admin_api_and_dashboard_are()
    {
        var sink = new RecordingLoggerProvider();
        await using var node = await TestNode.Create().WithLogSink(sink).StartAsync();

        var first = sink.Entries.First();
        Assert.Contains("admin API and dashboard at http://127.0.0.1:", first.Message);
        Assert.Contains(sink.Entries, e => e.Message.Contains($"admin API and dashboard at {node.Client.BaseAddress}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Akka_logs_through_ilogger()
    {
        var sink = new RecordingLoggerProvider();
        await using var node = await TestNode.Create().WithLogSink(sink).StartAsync();

        Assert.Contains(sink.Entries, e => e.Category.StartsWith("Akka", StringComparison.Ordinal) && e.Message.Contains("Cluster Node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_that_starts_and_takes_the_lead_logs_no_warning()
    {
        var sink = new RecordingLoggerProvider();
        await using var node = await TestNode.Create().WithRealPulse("--bpm", "24").WithLogSink(sink).StartAsync();

        var leader = await WaitForLeaderAsync(node);

        Assert.True(leader, "the node never reported itself leader");
        Assert.DoesNotContain(sink.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task The_log_level_variable_sets_the_level_of_ilogger_and_akka()
    {
        await using var node = await TestNode.Create().WithEnvironment("BACKBEAT_LOG_LEVEL", "warning").StartAsync();

        var logger = node.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Backbeat.Anything");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.Equal("WARNING", node.App.Services.GetRequiredService<ActorSystem>().Settings.LogLevel, ignoreCase: true);
    }

    private static async Task<bool> WaitForLeaderAsync(TestNode node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await node.Client.GetAsync("/leader");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"is_leader\":true", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
