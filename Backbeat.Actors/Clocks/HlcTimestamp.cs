using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Backbeat.Clocks;

/// <summary>
/// A hybrid logical clock reading (SPEC §5): <c>L</c> is Unix milliseconds, <c>C</c> the logical counter,
/// <c>Node</c> the last four characters of the node id. Ordered by (L, C) as numbers; the node only
/// tells readers who stamped it.
/// </summary>
public readonly record struct HlcTimestamp(long L, int C, string Node) : IComparable<HlcTimestamp>
{
    public int CompareTo(HlcTimestamp other)
    {
        var byL = L.CompareTo(other.L);
        return byL != 0 ? byL : C.CompareTo(other.C);
    }

    public static bool operator <(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) < 0;

    public static bool operator >(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HlcTimestamp left, HlcTimestamp right) => left.CompareTo(right) >= 0;

    /// <summary>Text form <c>hex(l):hex4(c):suffix</c>, e.g. <c>18c1f2a3b4d:0001:c123</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{L:x}:{C:x4}:{Node}");

    public static HlcTimestamp Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string? text, out HlcTimestamp value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        var parts = text?.Split(':');
        if (parts is not { Length: 3 })
        {
            error = $"'{text}' is not an HLC timestamp (expected hex:hex4:node)";
            return false;
        }

        if (!long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var l) || l < 0 || parts[0].Length == 0)
        {
            error = $"'{parts[0]}' is not a hexadecimal physical time in '{text}'";
            return false;
        }

        if (parts[1].Length < 4 || !int.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var c) || c < 0)
        {
            error = $"'{parts[1]}' is not a counter of at least four hexadecimal digits in '{text}'";
            return false;
        }

        if (parts[2].Length == 0)
        {
            error = $"'{text}' has no node suffix (expected hex:hex4:node)";
            return false;
        }

        value = new HlcTimestamp(l, c, parts[2]);
        error = null;
        return true;
    }
}
