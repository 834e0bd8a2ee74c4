using Backbeat.Configuration;
using Backbeat.Metrics;
using Backbeat.Node.Configuration;
using Backbeat.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Backbeat.Node;

/// <summary>The node's start-up routine, separate from Program so that tests can drive it.</summary>
public static class NodeProgram
{
    /// <summary>Runs a node until it is stopped. Returns the process exit code: 0, or 2 for a bad setting.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        PulseInstallation pulse,
        TextWriter? stdout = null,
        TextWriter? stderr = null,
        CancellationToken cancellationToken = default)
    {
        var launch = new NodeLaunch(args, EnvironmentMapper.ProcessEnvironment(), pulse);
        var started = await StartAsync(launch, stdout ?? Console.Out, stderr ?? Console.Error, cancellationToken);
        if (started.App is not { } app)
        {
            return started.ExitCode;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>Builds and starts a node; on any start-up problem prints one line and gives the exit code instead.</summary>
    public static async Task<(WebApplication? App, int ExitCode)> StartAsync(
        NodeLaunch launch, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (!NodeHost.TryBuild(launch, out var app, out var options, out var failure))
        {
            await (failure.ToStandardOutput ? stdout : stderr).WriteLineAsync(failure.ToStandardOutput ? failure.Message : $"error: {failure.Message}");
            return (null, failure.ExitCode);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Backbeat.Node");
        logger.LogInformation(
            "Backbeat node {NodeId} of cluster {ClusterId}: admin API and dashboard at http://{Host}:{AdminPort}/, remoting akka.tcp://{System}@{Host}:{Port}, {Bpm} BPM, NATS {Nats}",
            options.NodeId, options.ClusterId, options.Host, options.AdminPort, BackbeatOptions.ActorSystemName, options.Host, options.Port,
            options.Bpm, BackbeatOptionsValidator.NatsUrls(options).Count == 0 ? "none (publishing nowhere)" : options.Nats);

        try
        {
            // Created now so that its observable gauges exist before the first scrape.
            app.Services.GetRequiredService<BackbeatMetrics>();
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Failures.FirstOrDefault() ?? ex.Message}");
            await app.DisposeAsync();
            return (null, NodeStartupFailure.ConfigurationError);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await stderr.WriteLineAsync($"error: --admin-port: {ex.Message}");
            await app.DisposeAsync();
            return (null, NodeStartupFailure.ConfigurationError);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"error: the node could not start: {ex.GetBaseException().Message}");
            await app.DisposeAsync();
            return (null, 1);
        }

        if (options.AdminPort == 0)
        {
            logger.LogInformation("Backbeat node {NodeId}: admin API and dashboard at {Address}", options.NodeId, NodeHost.AdminAddress(app));
        }

        return (app, 0);
    }
}
