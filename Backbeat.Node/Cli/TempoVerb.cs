using System.Globalization;
using System.Text;
using System.Text.Json;
using Backbeat.Node.Api;
using Backbeat.Timing;

namespace Backbeat.Node.Cli;

/// <summary><c>tempo</c> shows the tempo and any pending change; <c>tempo set 13 --why "..."</c> asks for one.</summary>
public static class TempoVerb
{
    public static async Task<int> ShowAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var tempo = await client.GetAsync("/tempo", AdminJsonContext.Default.TempoStatusResponse, cancellationToken);
        CliConsole.Create(context.Out).Write(CliConsole.Facts(
            ("current", tempo.CurrentBpm is { } current ? $"{Tempo.Format(current)} BPM" : null),
            ("pending", tempo.NextChange is { } next
                ? $"{Tempo.Format(next.TempoBpm)} BPM at beat {next.EffectiveBeatIndex} ({next.EffectiveAt})"
                : "none"),
            ("allowed now", tempo is { MinAllowedBpm: { } min, MaxAllowedBpm: { } max }
                ? $"{Tempo.Format(min)} - {Tempo.Format(max)} BPM"
                : null),
            ("can change", tempo.CanChange ? "yes" : $"no: {tempo.Reason}")));
        return CliExitCodes.Ok;
    }

    public static async Task<int> SetAsync(CliContext context, string bpmText, string? why, CancellationToken cancellationToken)
    {
        if (!decimal.TryParse(bpmText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bpm) || bpm <= 0)
        {
            throw new CliFailure($"tempo set: '{bpmText}' is not a tempo (a positive number of beats per minute, such as 13 or 12.5)", CliExitCodes.Usage);
        }

        using var client = context.CreateClient();
        var scheduled = await client.PostAsync("/tempo", Body(bpm, why), AdminJsonContext.Default.TempoScheduledResponse, cancellationToken);
        await context.Out.WriteLineAsync(
            $"tempo {Tempo.Format(scheduled.TempoBpm)} BPM scheduled: from beat {scheduled.EffectiveBeatIndex} (the next downbeat), at {scheduled.EffectiveAt}");
        return CliExitCodes.Ok;
    }

    private static string Body(decimal bpm, string? why)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("tempo_bpm", bpm);
            if (why is not null)
            {
                json.WriteString("justification", why);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
