using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Backbeat.Node.Api;

/// <summary>The first steps every admin request body goes through: not empty, valid JSON, an object.</summary>
public static class JsonObjectBody
{
    /// <summary>
    /// Opens <paramref name="utf8"/> as a JSON object; the caller disposes the document. On failure the error is a
    /// sentence for the client that shows <paramref name="expected"/>; never throws.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> utf8, string expected, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        document = null;
        if (utf8.IsEmpty)
        {
            error = $"the body is empty; expected {expected}";
            return false;
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            error = $"the body is not valid JSON: {ex.Message}";
            return false;
        }

        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = $"the body must be a JSON object such as {expected}, not {Describe(parsed.RootElement.ValueKind)}";
            parsed.Dispose();
            return false;
        }

        document = parsed;
        error = null;
        return true;
    }

    /// <summary>A JSON value kind as a client would name it.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
