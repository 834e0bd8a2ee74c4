using System.Security.Cryptography;
using System.Text;

namespace Backbeat.Contracts;

/// <summary>
/// REQ-005: a window (bar) is named by the first 32 lowercase hex characters of
/// SHA-256(<c>cluster_id + ":" + downbeat_index</c>), so any service can compute it without asking.
/// </summary>
public static class WindowId
{
    /// <summary>The window id of the bar that contains <paramref name="beatIndex"/>.</summary>
    public static string For(string clusterId, long beatIndex, int beatsPerBar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beatIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(beatsPerBar, 1);
        return ForDownbeat(clusterId, beatIndex - beatIndex % beatsPerBar);
    }

    /// <summary>The window id of the bar that starts at <paramref name="downbeatIndex"/>.</summary>
    public static string ForDownbeat(string clusterId, long downbeatIndex)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        var input = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{clusterId}:{downbeatIndex}"));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
