using Akka.Actor;
using Akka.Hosting;
using Backbeat.Nats;
using Backbeat.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Backbeat.Node.Hosting;

/// <summary>
/// NATS connection and circuit breaker, as this node's <see cref="NatsPublisher"/> reports them.
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

        if (!registry.TryGet<NatsPublisher>(out var publisher))
        {
            return HealthCheckResult.Degraded("NATS is configured but no publisher reports its state");
        }

        try
        {
            var status = await publisher.Ask<NatsStatus>(GetNatsStatus.Instance, Timeout, cancellationToken);
            var detail = $"breaker {status.BreakerState}, {status.Published} published, {status.Dropped} dropped, {status.Errors} errors" +
                         (status.LastError is null ? string.Empty : $", last error: {status.LastError}");
            if (!status.Connected)
            {
                return HealthCheckResult.Degraded($"NATS disconnected: {detail}");
            }

            return status.BreakerState != NatsBreakerState.Closed.ToText()
                ? HealthCheckResult.Degraded($"NATS circuit breaker {status.BreakerState}: {detail}")
                : HealthCheckResult.Healthy($"NATS connected: {detail}");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Degraded($"the NATS publisher did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
