using System.Text.Json;
using Backbeat.Node.Api;

namespace Backbeat.Node.Cli;

/// <summary><c>leave &lt;address&gt;</c> and <c>down &lt;address&gt;</c>: ask the cluster to let a member go.</summary>
public static class MembershipVerb
{
    public static async Task<int> RunAsync(CliContext context, string action, string address, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var body = $"{{\"address\":\"{JsonEncodedText.Encode(address)}\"}}";
        var issued = await client.PostAsync($"/cluster/{action}", body, AdminJsonContext.Default.MembershipChangeResponse, cancellationToken);
        var what = issued.Action == "down"
            ? "marked down; the cluster removes it without a hand-over"
            : "asked to leave; it hands over and is removed";
        await context.Out.WriteLineAsync($"{issued.Address}: {what}");
        return CliExitCodes.Ok;
    }
}
