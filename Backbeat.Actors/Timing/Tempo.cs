namespace Backbeat.Timing;

/// <summary>
/// Tempo values as exact fractions, so that beat instants are computed from integers and never
/// accumulate rounding error however long the clock runs.
/// </summary>
public static class Tempo
{
    /// <summary>Tempos are kept to at most this many decimal places (a millionth of a BPM).</summary>
    public const int MaxDecimalPlaces = 6;

    /// <summary>Ticks (100 ns) in one minute: a beat lasts <c>TicksPerMinute / tempo</c> ticks.</summary>
    internal const long TicksPerMinute = TimeSpan.TicksPerMinute;

    /// <summary>Whether <paramref name="bpm"/> can drive a timeline: positive, finite and not finer than a millionth.</summary>
    public static bool IsRepresentable(decimal bpm, out string? reason)
    {
        if (bpm <= 0)
        {
            reason = $"tempo must be positive, got {Format(bpm)}";
            return false;
        }

        if (Normalize(bpm).Scale > MaxDecimalPlaces)
        {
            reason = $"tempo {Format(bpm)} has more than {MaxDecimalPlaces} decimal places";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>The same value without trailing zeros (12.0 → 12), so it prints as people write it.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Invariant, shortest text form of a tempo (12, 12.5, 0.5).</summary>
    public static string Format(decimal bpm) => Normalize(bpm).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Splits a representable tempo into numerator / 10^scale.</summary>
    internal static (Int128 Numerator, Int128 Denominator) AsFraction(decimal bpm)
    {
        var normalized = Normalize(bpm);
        var scale = normalized.Scale;
        Int128 denominator = 1;
        for (var i = 0; i < scale; i++)
        {
            denominator *= 10;
        }

        var numerator = (Int128)(normalized * (decimal)(long)denominator);
        return (numerator, denominator);
    }
}
