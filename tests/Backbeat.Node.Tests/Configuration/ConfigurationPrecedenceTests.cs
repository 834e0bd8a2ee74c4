using Backbeat.Configuration;
using Backbeat.Node.Hosting;

namespace Backbeat.Node.Tests.Configuration;

/// <summary>Flags override BACKBEAT_* variables, which override appsettings.json, which overrides the defaults.</summary>
public sealed class ConfigurationPrecedenceTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("backbeat-node-config-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private BackbeatOptions Bind(string[] args, Dictionary<string, string?>? environment = null, string? appsettings = null)
    {
        if (appsettings is not null)
        {
            File.WriteAllText(Path.Combine(_contentRoot, "appsettings.json"), appsettings);
        }

        var launch = new NodeLaunch(["--admin-port", "0", "--port", "0", .. args], environment ?? new(), PulseInstallation.None) { ContentRoot = _contentRoot };
        Assert.True(NodeHost.TryBuild(launch, out var app, out var options, out var failure), failure?.Message);
        ((IDisposable)app).Dispose();
        return options;
    }

    [Fact]
    public void With_nothing_given_the_spec_defaults_apply()
    {
        var options = Bind([]);

        Assert.Equal("chorus-aus-01", options.ClusterId);
        Assert.Equal(12m, options.Bpm);
        Assert.Equal(8, options.Bar);
        Assert.Equal(["plan", "work", "review"], options.EffectivePhases);
        Assert.Equal((4m, 24m), (options.MinBpm, options.MaxBpm));
        Assert.Null(options.Nats);
        Assert.Empty(options.Seeds);
        Assert.Matches("^pulse-[0-9a-f]{6}$", options.NodeId);
    }

    [Fact]
    public void Appsettings_override_defaults()
    {
        Assert.Equal(11m, Bind([], appsettings: """{"Backbeat": {"Bpm": 11}}""").Bpm);
    }

    [Fact]
    public void Environment_overrides_appsettings()
    {
        Assert.Equal(13m, Bind([], new() { ["BACKBEAT_BPM"] = "13" }, """{"Backbeat": {"Bpm": 11}}""").Bpm);
    }

    [Fact]
    public void Flags_override_environment()
    {
        Assert.Equal(14m, Bind(["--bpm", "14"], new() { ["BACKBEAT_BPM"] = "13" }).Bpm);
    }

    [Fact]
    public void Every_setting_has_its_environment_variable()
    {
        var options = Bind([], new()
        {
            ["BACKBEAT_CLUSTER_ID"] = "env-cluster",
            ["BACKBEAT_NODE_ID"] = "pulse-abcdef",
            ["BACKBEAT_BAR"] = "4",
            ["BACKBEAT_PHASES"] = "a,b",
            ["BACKBEAT_MIN_BPM"] = "2",
            ["BACKBEAT_MAX_BPM"] = "30",
            ["BACKBEAT_NATS"] = "nats://127.0.0.1:4222",
            ["BACKBEAT_SEEDS"] = "akka.tcp://backbeat@127.0.0.1:4053",
            ["BACKBEAT_DATA_DIR"] = "/var/lib/backbeat",
            ["BACKBEAT_ADMIN_TOKEN"] = "tok",
            ["BACKBEAT_PUBLIC_HOST"] = "node1.example",
        });

        Assert.Equal("env-cluster", options.ClusterId);
        Assert.Equal("pulse-abcdef", options.NodeId);
        Assert.Equal(4, options.Bar);
        Assert.Equal(["a", "b"], options.Phases);
        Assert.Equal((2m, 30m), (options.MinBpm, options.MaxBpm));
        Assert.Equal("nats://127.0.0.1:4222", options.Nats);
        Assert.Equal(["akka.tcp://backbeat@127.0.0.1:4053"], options.Seeds);
        Assert.Equal("/var/lib/backbeat", options.DataDir);
        Assert.Equal("tok", options.AdminToken);
        Assert.Equal("node1.example", options.PublicHost);
    }

    [Fact]
    public void Phases_may_be_a_list_in_appsettings()
    {
        Assert.Equal(["x", "y"], Bind([], appsettings: """{"Backbeat": {"Phases": ["x", "y"]}}""").Phases);
    }

    [Fact]
    public void Decimal_tempos_parse_the_same_in_every_culture()
    {
        Assert.Equal(12.5m, Bind(["--bpm", "12.5"]).Bpm);
    }
}
