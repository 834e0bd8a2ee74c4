using System.Text.Json;
using Akka.Actor;

namespace Backbeat.Node.Api;

/// <summary>The body of <c>POST /cluster/leave</c> and <c>POST /cluster/down</c>: <c>{"address": "akka.tcp://backbeat@host:port"}</c>.</summary>
public sealed record MemberAddressRequest(Address Address)
{
    public const int MaxAddressLength = 512;

    /// <summary>
    /// Parses strictly: an object whose string <c>address</c> is a full member address (protocol, system, host
    /// and port, no actor path). Other members are ignored. Fails with a sentence for the client; never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out MemberAddressRequest? request, out string? error)
    {
        request = null;
        if (!JsonObjectBody.TryOpen(utf8, "{\"address\": \"akka.tcp://backbeat@host:port\"}", out var document, out error))
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;

            if (!root.TryGetProperty("address", out var value))
            {
                error = "address is required";
                return false;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error = "address must be a string such as \"akka.tcp://backbeat@host:port\"";
                return false;
            }

            var text = value.GetString()!.Trim();
            if (text.Length > MaxAddressLength)
            {
                error = $"address is longer than {MaxAddressLength} characters";
                return false;
            }

            if (!TryParseAddress(text, out var address))
            {
                error = $"'{Shorten(text)}' is not a member address; expected akka.tcp://backbeat@host:port";
                return false;
            }

            request = new MemberAddressRequest(address!);
            error = null;
            return true;
        }
    }

    private static bool TryParseAddress(string text, out Address? address)
    {
        address = null;
        try
        {
            if (!ActorPath.TryParseAddress(text, out var parsed) || !parsed.HasGlobalScope || parsed.Port is null or <= 0)
            {
                return false;
            }

            // An actor path (…/user/x) names an actor, not a member: refuse it rather than silently drop the path.
            if (!string.Equals(parsed.ToString(), text.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            address = parsed;
            return true;
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
