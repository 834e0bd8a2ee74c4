using Backbeat.Node.Api;
using Spectre.Console;

namespace Backbeat.Node.Cli;

/// <summary><c>members</c>: the cluster as the asked node's failure detector sees it.</summary>
public static class MembersVerb
{
    public static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var cluster = await client.GetAsync("/cluster", AdminJsonContext.Default.ClusterResponse, cancellationToken);

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("ADDRESS");
        table.AddColumn("ROLES");
        table.AddColumn("STATUS");
        table.AddColumn("REACHABILITY");
        table.AddColumn("LEADER");
        foreach (var member in cluster.Members.OrderBy(m => m.Address, StringComparer.Ordinal))
        {
            var self = member.Address == cluster.SelfAddress ? " (asked node)" : string.Empty;
            table.AddRow(
                new Text(member.Address + self),
                new Text(string.Join(",", member.Roles)),
                new Text(member.Status),
                new Text(member.Reachability, member.Reachability == "reachable" ? Style.Plain : new Style(Color.Red)),
                new Text(member.IsLeaderHost ? "*" : string.Empty));
        }

        var console = CliConsole.Create(context.Out);
        console.Write(table);
        console.WriteLine($"{cluster.UpMembers} up of {cluster.Members.Count}; leader host: {cluster.LeaderHost ?? "none"}");
        return CliExitCodes.Ok;
    }
}
