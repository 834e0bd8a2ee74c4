using System.Text.Json;

namespace Backbeat.Consumers;

/// <summary>
/// The JSON form of a <see cref="StatusClaim"/> on <c>backbeat.{cluster}.status</c>. Parsing never throws: whatever an
/// outside service sends, the answer is a claim or a reason it is not one. Unknown extra fields are ignored so that
/// a newer sender can add some.
/// </summary>
public static class StatusClaimJson
{
    /// <summary>Larger payloads are refused unread; a claim is a few dozen bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    public static byte[] ToUtf8(StatusClaim claim) =>
        JsonSerializer.SerializeToUtf8Bytes(claim, ConsumersJsonContext.Default.StatusClaim);

    public static bool TryParse(ReadOnlySpan<byte> utf8, out StatusClaim? claim, out string? error)
    {
        claim = null;
        if (utf8.Length == 0)
        {
            error = "empty payload";
            return false;
        }

        if (utf8.Length > MaxPayloadBytes)
        {
            error = $"payload of {utf8.Length} bytes exceeds {MaxPayloadBytes}";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            claim = Read(document.RootElement, out error);
            if (claim is not null && !StatusClaim.IsWellFormed(claim, out error))
            {
                claim = null;
            }

            return claim is not null;
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return false;
        }
    }

    private static StatusClaim? Read(JsonElement root, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"expected a JSON object, got {root.ValueKind}";
            return null;
        }

        if (!TryString(root, "agent_id", out var agentId, out error)
            || !TryString(root, "phase", out var phase, out error)
            || !TryString(root, "state", out var stateText, out error))
        {
            return null;
        }

        if (!root.TryGetProperty("beat_index", out var beat) || beat.ValueKind != JsonValueKind.Number || !beat.TryGetInt64(out var beatIndex))
        {
            error = "beat_index must be an integer";
            return null;
        }

        if (!root.TryGetProperty("duration_ms", out var duration) || duration.ValueKind != JsonValueKind.Number || !duration.TryGetDouble(out var durationMs))
        {
            error = "duration_ms must be a number";
            return null;
        }

        ClaimState? state = stateText switch
        {
            "done" => ClaimState.Done,
            "late" => ClaimState.Late,
            "failed" => ClaimState.Failed,
            _ => null,
        };
        if (state is null)
        {
            error = $"state must be done, late or failed, got '{stateText}'";
            return null;
        }

        error = null;
        return new StatusClaim(agentId!, beatIndex, phase!, state.Value, durationMs);
    }

    private static bool TryString(JsonElement root, string name, out string? value, out string? error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string";
            return false;
        }

        value = element.GetString();
        error = null;
        return true;
    }
}
