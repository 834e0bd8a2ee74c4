using Backbeat.Consumers;
using Microsoft.Extensions.Configuration;

namespace Backbeat.Tests.Consumers;

public sealed class WindowAggregatorOptionsTests
{
    [Fact]
    public void Adaptive_tempo_is_off_by_default()
    {
        Assert.False(new WindowAggregatorOptions().Adaptive.Enabled);
    }

    [Fact]
    public void Options_bind_from_their_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Backbeat:Windows:KeepWindows"] = "50",
                ["Backbeat:Windows:CloseAfterPhases"] = "3",
                ["Backbeat:Windows:Adaptive:Enabled"] = "true",
                ["Backbeat:Windows:Adaptive:Controller:SlowDownMissRate"] = "0.02",
                ["Backbeat:Windows:Adaptive:Controller:MaxBpm"] = "20",
            })
            .Build();

        var options = configuration.GetSection(WindowAggregatorOptions.SectionName).Get<WindowAggregatorOptions>()!.Validated();

        Assert.Equal((50, 3), (options.KeepWindows, options.CloseAfterPhases));
        Assert.True(options.Adaptive.Enabled);
        Assert.Equal(0.02, options.Adaptive.Controller.SlowDownMissRate);
        Assert.Equal(20m, options.Adaptive.Controller.MaxBpm);
        Assert.Equal(new TempoControllerOptions().SpeedUpStep, options.Adaptive.Controller.SpeedUpStep);
    }

    [Theory]
    [InlineData("KeepWindows", "0")]
    [InlineData("CloseAfterPhases", "-1")]
    [InlineData("SlowestAgents", "-1")]
    [InlineData("MaxClaimsPerWindow", "0")]
    [InlineData("FutureToleranceFrames", "-1")]
    [InlineData("Adaptive:Controller:SpeedUpStep", "0.2")]
    public void A_bad_setting_is_refused_naming_it(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"Backbeat:Windows:{key}"] = value })
            .Build();
        var options = configuration.GetSection(WindowAggregatorOptions.SectionName).Get<WindowAggregatorOptions>()!;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validated());

        Assert.Contains(key.Split(':')[^1], error.Message);
    }
}
