using System.Numerics;

namespace Backbeat.Tests.Timing;

/// <summary>
/// The exact length of a phase, worked out independently of the code under test: 60 s / (tempo · phases)
/// as a fraction of 100 ns ticks, in BigInteger (tempos have at most six decimal places).
/// </summary>
public readonly record struct ExactPhase(BigInteger Numerator, BigInteger Denominator)
{
    private static readonly BigInteger TicksPerMinute = 60 * 10_000_000;
    private const decimal Micro = 1_000_000m;

    public static ExactPhase Of(decimal tempoBpm, int phases)
    {
        var microBpm = tempoBpm * Micro;
        if (microBpm != decimal.Truncate(microBpm))
        {
            throw new ArgumentException($"{tempoBpm} has more than six decimal places", nameof(tempoBpm));
        }

        // phase = 60 s / (microBpm / 1e6 · phases) = TicksPerMinute · 1e6 / (microBpm · phases) ticks
        return new ExactPhase(TicksPerMinute * 1_000_000, new BigInteger(microBpm) * phases);
    }

    public BigInteger Floor => BigInteger.Divide(Numerator, Denominator);

    public BigInteger Ceiling => BigInteger.Divide(Numerator + Denominator - 1, Denominator);

    /// <summary>Whether <paramref name="ticks"/> lies strictly within one tick of <paramref name="count"/> phases.</summary>
    public bool IsWithinOneTickOf(long count, long ticks) =>
        BigInteger.Abs(ticks * Denominator - count * Numerator) < Denominator;

    /// <summary>floor(count · phase), the offset of slot <paramref name="count"/> from its epoch's start.</summary>
    public long FloorOf(long count) => (long)BigInteger.Divide(count * Numerator, Denominator);
}
