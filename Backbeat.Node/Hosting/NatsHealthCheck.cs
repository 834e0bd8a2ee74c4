using Akka.Actor;
using Akka.Hosting;
using Backbeat.Admin;
using Backbeat.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backbeat.Node.Hosting;

/// <summary>
/// NATS connection and circuit breaker, asked of the actor registered under <see cref="NatsHealthProbe"/>.
/// Healthy when the node publishes nowhere (no --nats); degraded while the breaker is open or the connection is down,
/// because beats still reach local subscribers then.
/// </summary>
public sealed class NatsHealthCheck(ActorRegistry registry, IOptions<BackbeatOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (BackbeatOptionsValidator.NatsUrls(options.Value).Count == 0)
        {
            return HealthCheckResult.Healthy("NATS not configured: beats are served to local actors only");
        }

        if (!registry.TryGet<NatsHealthProbe>(out var publisher))
        {
            return HealthCheckResult.Degraded("NATS is configured but no publisher reports its state");
        }

        try
        {
            var health = await publisher.Ask<NatsHealth>(GetNatsHealth.Instance, Timeout, cancellationToken);
            if (!health.Connected)
            {
                return HealthCheckResult.Degraded($"NATS disconnected: {health.Detail}");
            }

            return health.BreakerOpen
                ? HealthCheckResult.Degraded($"NATS circuit breaker open: {health.Detail}")
                : HealthCheckResult.Healthy($"NATS connected: {health.Detail}");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Degraded($"the NATS publisher did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
