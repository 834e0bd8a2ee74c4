using System.Globalization;
using Backbeat.Node.Api;

namespace Backbeat.Node.Cli;

/// <summary><c>drift</c>: the asked node's timer and clock drift, and whether it runs on local frames.</summary>
public static class DriftVerb
{
    public static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var drift = await client.GetAsync("/drift", AdminJsonContext.Default.DriftResponse, cancellationToken);
        CliConsole.Create(context.Out).Write(CliConsole.Facts(
            ("timer drift", string.Create(CultureInfo.InvariantCulture, $"{drift.TimerDriftPercent:0.####} %")),
            ("hlc drift", string.Create(CultureInfo.InvariantCulture, $"{drift.HlcDriftSeconds:0.######} s")),
            ("last sync", drift.LastSyncTime ?? "never"),
            ("degradation mode", drift.DegradationMode ? "yes (local frames)" : "no"),
            ("within limits", drift.WithinLimits ? "yes" : "no")));
        return CliExitCodes.Ok;
    }
}
