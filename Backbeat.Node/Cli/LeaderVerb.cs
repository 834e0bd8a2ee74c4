using System.Globalization;
using Backbeat.Node.Api;

namespace Backbeat.Node.Cli;

/// <summary><c>leader</c>: who leads, since when, and how punctual its frames are.</summary>
public static class LeaderVerb
{
    public static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var leader = await client.GetAsync("/leader", AdminJsonContext.Default.LeaderResponse, cancellationToken);
        var stats = leader.Stats;
        CliConsole.Create(context.Out).Write(CliConsole.Facts(
            ("leader", leader.Leader),
            ("address", stats.Address),
            ("leader since", stats.LeaderSince),
            ("asked node", leader.IsLeader ? $"{leader.NodeId} (the leader)" : leader.NodeId),
            ("cluster size", leader.ClusterSize.ToString(CultureInfo.InvariantCulture)),
            ("frames emitted", stats.FramesEmitted.ToString(CultureInfo.InvariantCulture)),
            ("last frame", stats.LastPhase is null ? $"beat {stats.LastBeatIndex}" : $"beat {stats.LastBeatIndex} {stats.LastPhase}"),
            ("lateness p50/p99/max", string.Create(CultureInfo.InvariantCulture, $"{stats.LatenessP50Ms:0.###} / {stats.LatenessP99Ms:0.###} / {stats.LatenessMaxMs:0.###} ms"))));
        return CliExitCodes.Ok;
    }
}
