using Akka.Actor;
using Akka.Hosting;
using Backbeat.Admin;
using Backbeat.Pulse;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backbeat.Node.Hosting;

/// <summary>Healthy while the leader answers through the admin actor (SPEC §7: /ready needs a reachable leader).</summary>
public sealed class LeaderReachableHealthCheck(IRequiredActor<AdminActor> admin, AdminAsk ask) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answer = await ask.AskAsync(await admin.GetAsync(cancellationToken), GetLeaderStatus.Instance, cancellationToken);
        return answer switch
        {
            LeaderStatus leader => HealthCheckResult.Healthy($"leader {leader.NodeId} at {leader.Address}"),
            LeaderUnavailable unavailable => HealthCheckResult.Unhealthy(unavailable.Reason),
            _ => HealthCheckResult.Unhealthy("no answer about the leader"),
        };
    }
}
