using System.Text.Json;
using System.Text.RegularExpressions;
using Backbeat.Configuration;
using Backbeat.Lighthouse;
using Backbeat.Node.Configuration;
using Backbeat.Node.Tests.Support;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Backbeat.Node.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so docker/ is held against the code instead: every variable the compose files set
/// is one the node or the lighthouse reads and takes, ports and addresses agree across services, Prometheus and
/// Grafana look where the nodes are and for the metrics they export.
/// </summary>
public sealed class ComposeFilesTests
{
    public static TheoryData<string> Files => new() { "docker-compose.yml", "docker-compose.swarm.yml" };

    private static readonly string[] SpecMetrics =
    [
        "backbeat_beat_publish_duration_seconds", "backbeat_beat_delivery_latency_seconds", "backbeat_pulse_jitter_seconds",
        "backbeat_timer_drift_ratio", "backbeat_is_leader", "backbeat_beats_total", "backbeat_tempo_change_errors_total",
        "backbeat_leadership_changes_total", "backbeat_degradation_mode",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_BACKBEAT_variable_is_a_setting_the_node_reads(string file)
    {
        var known = NodeSettings.All.Select(s => s.EnvironmentVariable).ToHashSet(StringComparer.Ordinal);
        var compose = ComposeFile.Load(file);

        var unknown = compose.Services
            .SelectMany(s => s.Environment.Keys.Where(k => k.StartsWith("BACKBEAT_", StringComparison.Ordinal)).Select(k => $"{s.Name}: {k}"))
            .Where(entry => !known.Contains(entry.Split(": ")[1]))
            .ToList();

        Assert.NotEmpty(compose.NodeServices);
        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_LIGHTHOUSE_variable_is_a_flag_the_lighthouse_reads(string file)
    {
        var known = LighthouseCommandLine.KnownFlags.Select(LighthouseCommandLine.EnvironmentVariableOf).ToHashSet(StringComparer.Ordinal);
        var compose = ComposeFile.Load(file);

        var unknown = compose.Services
            .SelectMany(s => s.Environment.Keys.Where(k => k.StartsWith("LIGHTHOUSE_", StringComparison.Ordinal)))
            .Where(k => !known.Contains(k))
            .ToList();

        Assert.Single(compose.LighthouseServices);
        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_nodes_environment_binds_to_valid_node_options(string file)
    {
        foreach (var service in ComposeFile.Load(file).NodeServices)
        {
            var options = BindNode(service);

            var problems = BackbeatOptionsValidator.Check(options).ToList();
            Assert.True(problems.Count == 0, $"{file} {service.Name}: {string.Join("; ", problems)}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_lighthouse_environment_parses_without_errors(string file)
    {
        var lighthouse = ComposeFile.Load(file).LighthouseServices.Single();

        LighthouseCommandLine.Parse([], name => lighthouse.Environment.GetValueOrDefault(name), out var errors);

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Nodes_are_reachable_under_their_service_names_with_distinct_ids(string file)
    {
        var nodes = ComposeFile.Load(file).NodeServices.Select(s => (s.Name, Options: BindNode(s))).ToList();

        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(n.Name, n.Options.PublicHost));
        Assert.All(nodes, n => Assert.Equal("0.0.0.0", n.Options.Host));
        Assert.Equal(nodes.Count, nodes.Select(n => n.Options.NodeId).Distinct().Count());
        Assert.Single(nodes.Select(n => n.Options.ClusterId).Distinct());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_nodes_seed_is_the_lighthouse_at_its_public_host_and_port(string file)
    {
        var compose = ComposeFile.Load(file);
        var lighthouse = compose.LighthouseServices.Single();
        var lighthouseOptions = LighthouseCommandLine.Parse([], name => lighthouse.Environment.GetValueOrDefault(name), out _);
        Assert.Equal(lighthouse.Name, lighthouseOptions.PublicHost);

        foreach (var service in compose.NodeServices)
        {
            var seeds = BindNode(service).Seeds;

            Assert.Equal([lighthouseOptions.SelfAddress], seeds);
            Assert.True(SeedAddress.TryParse(seeds[0], out _, out var error), error);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_nodes_nats_url_is_the_nats_service_on_the_client_port(string file)
    {
        var compose = ComposeFile.Load(file);
        var nats = compose.ServiceNamed("nats");

        foreach (var service in compose.NodeServices)
        {
            var url = new Uri(BindNode(service).Nats!);

            Assert.Equal((nats.Name, 4222), (url.Host, url.Port));
        }

        Assert.Contains(nats.PublishedPorts, p => p.Target == 4222);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_nodes_published_port_and_health_check_are_its_admin_port(string file)
    {
        var nodes = ComposeFile.Load(file).NodeServices;
        foreach (var service in nodes)
        {
            var adminPort = BindNode(service).AdminPort;

            var published = Assert.Single(service.PublishedPorts);
            Assert.Equal(adminPort, published.Target);
            Assert.Equal($"CMD curl -fsS http://127.0.0.1:{adminPort}/live", service.HealthCheck);
        }

        Assert.Equal(nodes.Count, nodes.Select(n => Assert.Single(n.PublishedPorts).Published).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_lighthouse_health_check_is_its_health_port(string file)
    {
        var lighthouse = ComposeFile.Load(file).LighthouseServices.Single();
        var options = LighthouseCommandLine.Parse([], name => lighthouse.Environment.GetValueOrDefault(name), out _);

        Assert.Equal($"CMD curl -fsS http://127.0.0.1:{options.HealthPort}/live", lighthouse.HealthCheck);
    }

    [Fact]
    public void The_health_checks_ask_endpoints_the_node_and_the_lighthouse_serve()
    {
        Assert.Contains("MapHealthChecks(\"/live\"", File.ReadAllText(RepositoryPaths.Combine("Backbeat.Node", "Api", "AdminApi.cs")));
        Assert.Contains("MapHealthChecks(\"/live\"", File.ReadAllText(RepositoryPaths.Combine("Backbeat.Lighthouse", "Program.cs")));
    }

    [Fact]
    public void Every_build_of_the_local_compose_file_names_a_context_and_dockerfile_that_exist()
    {
        var compose = ComposeFile.Load("docker-compose.yml");
        var built = compose.Services.Where(s => s.Scalar("build", "context") is not null).ToList();

        Assert.Equal(4, built.Count);
        foreach (var service in built)
        {
            var context = Path.GetFullPath(Path.Combine(compose.Directory, service.Scalar("build", "context")!));
            Assert.Equal(RepositoryPaths.Root, context.TrimEnd(Path.DirectorySeparatorChar));
            Assert.True(File.Exists(Path.Combine(context, service.Scalar("build", "dockerfile")!)), $"{service.Name}: no {service.Scalar("build", "dockerfile")}");
        }
    }

    [Fact]
    public void The_swarm_stack_builds_nothing_and_takes_every_image_from_a_registry()
    {
        var swarm = ComposeFile.Load("docker-compose.swarm.yml");

        Assert.All(swarm.Services, s => Assert.Null(s.Scalar("build", "context")));
        Assert.All(swarm.NodeServices, s => Assert.Equal("localhost:5000/backbeat-node:latest", ComposeFile.Interpolate(s.Scalar("image")!)));
        Assert.Equal("localhost:5000/backbeat-lighthouse:latest", ComposeFile.Interpolate(swarm.LighthouseServices.Single().Scalar("image")!));
    }

    [Fact]
    public void Every_config_file_the_swarm_stack_ships_exists()
    {
        var swarm = ComposeFile.Load("docker-compose.swarm.yml");
        var configs = (YamlMappingNode)swarm.Root["configs"];

        Assert.NotEmpty(configs.Children);
        foreach (var (name, config) in configs.Children)
        {
            var file = ((YamlScalarNode)((YamlMappingNode)config)["file"]).Value!;
            Assert.True(File.Exists(Path.Combine(swarm.Directory, file)), $"config {name}: {file} is missing");
        }
    }

    [Fact]
    public void Every_file_the_local_compose_file_mounts_exists()
    {
        var compose = ComposeFile.Load("docker-compose.yml");

        var mounts = compose.Services
            .SelectMany(s => s.Sequence("volumes"))
            .Select(v => ((YamlScalarNode)v).Value!.Split(':')[0])
            .Where(source => source.StartsWith("./", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(mounts);
        Assert.All(mounts, source => Assert.True(Path.Exists(Path.Combine(compose.Directory, source)), $"{source} is missing"));
    }

    [Fact]
    public void Prometheus_scrapes_the_metrics_of_exactly_the_node_services_on_their_admin_ports()
    {
        var prometheus = ComposeFile.LoadYaml(RepositoryPaths.Combine("docker", "prometheus", "prometheus.yml"));
        var job = (YamlMappingNode)((YamlSequenceNode)prometheus["scrape_configs"]).Children.Single();
        var targets = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)job["static_configs"]).Children.Single())["targets"])
            .Children.Select(t => ((YamlScalarNode)t).Value!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal("/metrics", ((YamlScalarNode)job["metrics_path"]).Value);
        foreach (var file in new[] { "docker-compose.yml", "docker-compose.swarm.yml" })
        {
            var expected = ComposeFile.Load(file).NodeServices
                .Select(s => $"{s.Name}:{BindNode(s).AdminPort}")
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, targets);
        }

        Assert.Contains("app.MapPrometheusScrapingEndpoint(\"/metrics\")", File.ReadAllText(RepositoryPaths.Combine("Backbeat.Node", "Api", "AdminApi.cs")));
    }

    [Fact]
    public void The_grafana_dashboard_charts_every_spec_metric_from_the_provisioned_datasource()
    {
        var datasources = ComposeFile.LoadYaml(RepositoryPaths.Combine("docker", "grafana", "provisioning", "datasources", "prometheus.yml"));
        var datasource = (YamlMappingNode)((YamlSequenceNode)datasources["datasources"]).Children.Single();
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("docker", "grafana", "dashboards", "backbeat.json")));

        var targets = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .ToList();
        var expressions = string.Join('\n', targets.Select(t => t.GetProperty("expr").GetString()));

        Assert.All(SpecMetrics, metric => Assert.Matches($@"\b{Regex.Escape(metric)}(_bucket)?\b", expressions));
        Assert.All(targets, t => Assert.Equal(((YamlScalarNode)datasource["uid"]).Value, t.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.Equal("http://prometheus:9090", ((YamlScalarNode)datasource["url"]).Value);
    }

    [Fact]
    public void The_spec_metrics_are_the_names_the_node_exports()
    {
        var source = File.ReadAllText(RepositoryPaths.Combine("Backbeat.Actors", "Metrics", "BackbeatMetrics.cs"));

        // Histograms in seconds gain _seconds, counters gain _total when exported (OpenTelemetry's Prometheus naming).
        foreach (var metric in SpecMetrics)
        {
            var instrument = metric.Replace("_seconds", string.Empty, StringComparison.Ordinal).Replace("_total", string.Empty, StringComparison.Ordinal);
            Assert.Contains($"\"{instrument}\"", source);
        }
    }

    [Fact]
    public void The_grafana_dashboard_provider_reads_where_the_dashboard_is_mounted()
    {
        var provider = ComposeFile.LoadYaml(RepositoryPaths.Combine("docker", "grafana", "provisioning", "dashboards", "backbeat.yml"));
        var path = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)provider["providers"]).Children.Single())["options"])["path"]).Value;
        var grafana = ComposeFile.Load("docker-compose.yml").ServiceNamed("grafana");

        Assert.Contains(grafana.Sequence("volumes"), v => ((YamlScalarNode)v).Value == $"./grafana/dashboards:{path}:ro");
    }

    private static BackbeatOptions BindNode(ComposeFile.Service service)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(EnvironmentMapper.Map(service.Environment.ToDictionary(e => e.Key, e => (string?)e.Value)))
            .Build();
        Assert.True(BackbeatOptionsBinder.TryBind(configuration, out var options, out var error), $"{service.Name}: {error}");
        return options;
    }
}
