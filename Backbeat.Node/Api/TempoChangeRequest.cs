using System.Text.Json;

namespace Backbeat.Node.Api;

/// <summary>The body of <c>POST /tempo</c>: <c>{"tempo_bpm": 130, "justification": "..."}</c>.</summary>
public sealed record TempoChangeRequest(decimal TempoBpm, string? Justification)
{
    public const int MaxJustificationLength = 1024;

    /// <summary>
    /// Parses strictly: an object with a JSON number <c>tempo_bpm</c> (not a string, so no "NaN" or "Infinity")
    /// that fits a decimal, and an optional string <c>justification</c>. Other members are ignored.
    /// Fails with a sentence for the client; never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out TempoChangeRequest? request, out string? error)
    {
        request = null;
        if (!JsonObjectBody.TryOpen(utf8, "{\"tempo_bpm\": <number>, \"justification\": \"...\"}", out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;

            JsonElement? tempo = null;
            JsonElement? justification = null;
            foreach (var member in root.EnumerateObject())
            {
                if (member.NameEquals("tempo_bpm"))
                {
                    if (tempo is not null)
                    {
                        error = "tempo_bpm is given twice";
                        return false;
                    }

                    tempo = member.Value;
                }
                else if (member.NameEquals("justification"))
                {
                    if (justification is not null)
                    {
                        error = "justification is given twice";
                        return false;
                    }

                    justification = member.Value;
                }
            }

            if (tempo is not { } tempoValue)
            {
                error = "tempo_bpm is required";
                return false;
            }

            if (tempoValue.ValueKind != JsonValueKind.Number)
            {
                error = $"tempo_bpm must be a JSON number, not {JsonObjectBody.Describe(tempoValue.ValueKind)}";
                return false;
            }

            if (!tempoValue.TryGetDecimal(out var bpm))
            {
                error = $"tempo_bpm {Shorten(tempoValue.GetRawText())} is out of range";
                return false;
            }

            string? text = null;
            if (justification is { } justificationValue && justificationValue.ValueKind != JsonValueKind.Null)
            {
                if (justificationValue.ValueKind != JsonValueKind.String)
                {
                    error = $"justification must be a string, not {JsonObjectBody.Describe(justificationValue.ValueKind)}";
                    return false;
                }

                text = justificationValue.GetString();
                if (text!.Length > MaxJustificationLength)
                {
                    error = $"justification is longer than {MaxJustificationLength} characters";
                    return false;
                }
            }

            request = new TempoChangeRequest(bpm, text);
            error = null;
            return true;
        }
    }


    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
