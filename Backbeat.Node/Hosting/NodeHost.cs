using System.Diagnostics.CodeAnalysis;
using System.Net;
using Akka.Hosting;
using Backbeat.Configuration;
using Backbeat.Consumers;
using Backbeat.Hosting;
using Backbeat.Metrics;
using Backbeat.Node.Api;
using Backbeat.Node.Configuration;
using Backbeat.Node.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Backbeat.Node.Hosting;

/// <summary>Builds a node's web host from a <see cref="NodeLaunch"/>, refusing bad settings before anything starts.</summary>
public static class NodeHost
{
    public static bool TryBuild(NodeLaunch launch, [NotNullWhen(true)] out WebApplication? app, out BackbeatOptions options, [NotNullWhen(false)] out NodeStartupFailure? failure)
    {
        app = null;
        options = new BackbeatOptions();
        var flags = FlagMapper.Map(launch.Args);
        if (flags.Help)
        {
            failure = new NodeStartupFailure(0, FlagMapper.Usage, ToStandardOutput: true);
            return false;
        }

        if (flags.Error is not null)
        {
            failure = new NodeStartupFailure(NodeStartupFailure.ConfigurationError, flags.Error);
            return false;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = launch.ContentRoot,
            ApplicationName = typeof(NodeHost).Assembly.GetName().Name,
        });

        // Precedence: flags > BACKBEAT_* environment > appsettings.json > defaults.
        builder.Configuration.AddInMemoryCollection(EnvironmentMapper.Map(launch.Environment));
        builder.Configuration.AddInMemoryCollection(flags.Values);

        if (!LogLevelSetting.TryRead(builder.Configuration, out var logLevel, out var logError))
        {
            failure = new NodeStartupFailure(NodeStartupFailure.ConfigurationError, logError!);
            return false;
        }

        if (!BackbeatOptionsBinder.TryBind(builder.Configuration, out options, out var error))
        {
            failure = new NodeStartupFailure(NodeStartupFailure.ConfigurationError, error!);
            return false;
        }

        if (!PortProbe.TryBind(options.Host, options.AdminPort, out var adminProblem))
        {
            failure = new NodeStartupFailure(NodeStartupFailure.ConfigurationError, $"--admin-port: {adminProblem}");
            return false;
        }

        if (!PortProbe.TryBind(options.Host, options.Port, out var remotingProblem))
        {
            failure = new NodeStartupFailure(NodeStartupFailure.ConfigurationError, $"--port: {remotingProblem}");
            return false;
        }

        // A generated node id must be the same for the host's own binding of the options.
        var pinned = new Dictionary<string, string?> { [$"{BackbeatOptions.SectionName}:NodeId"] = options.NodeId };
        if (builder.Configuration[NodeSettings.LogLevelKey] is not null)
        {
            pinned["Logging:LogLevel:Default"] = logLevel.ToString();
        }

        builder.Configuration.AddInMemoryCollection(pinned);
        ConfigureServices(builder, launch, options, logLevel);
        launch.Customize?.Invoke(builder);

        app = builder.Build();
        app.UseProblemDocuments();
        app.MapBackbeatAdminApi();
        app.MapBeatStream();
        app.MapWindowEndpoints();
        app.MapDashboard();
        failure = null;
        return true;
    }

    private static void ConfigureServices(WebApplicationBuilder builder, NodeLaunch launch, BackbeatOptions options, Microsoft.Extensions.Logging.LogLevel logLevel)
    {
        var bindAddress = PortProbe.ResolveBindAddress(options.Host);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AdminApi.TransportBodyLimit;
            kestrel.Listen(bindAddress, options.AdminPort);
        });

        var services = builder.Services;
        services.AddSingleton<IValidateOptions<BackbeatOptions>, BackbeatOptionsValidator>();
        services.AddOptions<BackbeatOptions>()
            .Configure<IConfiguration>((o, configuration) => BackbeatOptionsBinder.Bind(configuration, o))
            .ValidateOnStart();

        services.AddSingleton(launch.AdminSettings);
        services.AddSingleton(launch.Pulse);
        services.Configure<Backbeat.Consumers.WindowAggregatorOptions>(builder.Configuration.GetSection(Backbeat.Consumers.WindowAggregatorOptions.SectionName));
        services.AddSingleton<AdminAsk>();
        services.AddBackbeatServices(options);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.AddProblemDetails();
        services.AddHealthChecks()
            .AddCheck<LeaderReachableHealthCheck>("leader", tags: [BackbeatNodeAkka.ReadyTag])
            .AddCheck<NatsHealthCheck>("nats");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("backbeat-node", serviceInstanceId: options.NodeId))
            .WithMetrics(metrics => metrics
            .AddMeter(BackbeatMetrics.MeterName)
            .AddPrometheusExporter());

        services.AddAkka(BackbeatOptions.ActorSystemName, akka =>
            akka.ConfigureBackbeatNode(options, logLevel, launch.Pulse, launch.AdminSettings));
    }

    /// <summary>The admin API's base address once the server listens (the real port when 0 was asked for).</summary>
    public static Uri AdminAddress(WebApplication app)
    {
        var address = app.Urls.FirstOrDefault() ?? throw new InvalidOperationException("the admin API is not listening");
        var uri = new Uri(address);
        var host = uri.Host is "0.0.0.0" or "[::]" ? Dns.GetHostName() : uri.Host;
        return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
    }
}
