namespace Backbeat.Pulse;

/// <summary>
/// Decides what a follower hands to its subscribers so that, whether frames come from the leader or from
/// the local clock, every (beat_index, phase) is delivered once, in order, and none is skipped.
/// </summary>
public sealed class DeliveryLedger
{
    /// <summary>The most frames a gap may be filled with; a longer gap (e.g. a node that joined late) is jumped.</summary>
    public const int MaxGapFill = 64;

    /// <summary>The ordinal delivered last, or null before the first delivery.</summary>
    public long? LastDelivered { get; private set; }

    /// <summary>
    /// What to deliver for a frame with <paramref name="ordinal"/>: nothing when it was delivered already;
    /// otherwise the missing ordinals before it (to be computed locally) and then itself.
    /// </summary>
    public GapPlan Plan(long ordinal)
    {
        if (LastDelivered is { } last && ordinal <= last)
        {
            return GapPlan.AlreadyDelivered;
        }

        var firstMissing = LastDelivered is { } previous ? previous + 1 : ordinal;
        var missing = ordinal - firstMissing;
        return missing > MaxGapFill
            ? new GapPlan(true, ordinal, ordinal, missing)
            : new GapPlan(true, firstMissing, ordinal, 0);
    }

    /// <summary>Records that <paramref name="ordinal"/> reached the subscribers.</summary>
    public void Delivered(long ordinal)
    {
        if (LastDelivered is { } last && ordinal <= last)
        {
            throw new InvalidOperationException($"ordinal {ordinal} is not after {last}, which was delivered already");
        }

        LastDelivered = ordinal;
    }
}

/// <summary>Deliver ordinals <see cref="FillFrom"/> .. <see cref="Ordinal"/> - 1 locally, then <see cref="Ordinal"/>.</summary>
/// <param name="Skipped">Frames jumped over because the gap was longer than <see cref="DeliveryLedger.MaxGapFill"/>.</param>
public readonly record struct GapPlan(bool Deliver, long FillFrom, long Ordinal, long Skipped)
{
    public static GapPlan AlreadyDelivered => new(false, 0, 0, 0);
}
