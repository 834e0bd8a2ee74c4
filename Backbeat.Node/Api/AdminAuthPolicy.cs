using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Backbeat.Node.Api;

public enum AdminAuthDecision
{
    Allowed,

    /// <summary>A token is configured and the request did not carry it: 401.</summary>
    Unauthorized,

    /// <summary>No token is configured and the request does not come from loopback: 403.</summary>
    Forbidden,
}

/// <summary>
/// SPEC §7: with an admin token, every mutating request needs <c>Authorization: Bearer &lt;token&gt;</c>;
/// without one, mutating requests are accepted from loopback only.
/// </summary>
public static class AdminAuthPolicy
{
    public static AdminAuthDecision Evaluate(string? configuredToken, string? authorizationHeader, IPAddress? remoteAddress)
    {
        if (!string.IsNullOrEmpty(configuredToken))
        {
            return PresentsToken(configuredToken, authorizationHeader) ? AdminAuthDecision.Allowed : AdminAuthDecision.Unauthorized;
        }

        return IsLoopback(remoteAddress) ? AdminAuthDecision.Allowed : AdminAuthDecision.Forbidden;
    }

    public static bool IsLoopback(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }

    private static bool PresentsToken(string configuredToken, string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || authorizationHeader.Length <= scheme.Length ||
            !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = authorizationHeader[scheme.Length..].Trim();

        // Hashing both sides first makes the comparison constant-time in the token's length as well as its content.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configuredToken));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
