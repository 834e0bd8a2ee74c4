namespace Backbeat.Timing;

/// <summary>The answer to a tempo request: accepted, or refused with a reason a person can read.</summary>
public sealed record TempoDecision(bool Accepted, string? Reason)
{
    public static TempoDecision Accept() => new(true, null);

    public static TempoDecision Refuse(string reason) => new(false, reason);
}

/// <summary>
/// REQ-004: a new tempo must lie within [min, max] and within ±10% of the tempo in force now
/// (not of a pending one). Where an accepted change lands is the timeline's business.
/// </summary>
public sealed class TempoRules
{
    /// <summary>The largest allowed step, as a fraction of the current tempo.</summary>
    public const decimal MaxChangeRatio = 0.10m;

    public TempoRules(decimal minBpm, decimal maxBpm)
    {
        if (minBpm <= 0 || maxBpm < minBpm)
        {
            throw new ArgumentException($"tempo limits must satisfy 0 < min ≤ max, got [{Tempo.Format(minBpm)}, {Tempo.Format(maxBpm)}]");
        }

        MinBpm = minBpm;
        MaxBpm = maxBpm;
    }

    public decimal MinBpm { get; }

    public decimal MaxBpm { get; }

    public TempoDecision Evaluate(decimal currentBpm, decimal requestedBpm)
    {
        if (!Tempo.IsRepresentable(requestedBpm, out var reason))
        {
            return TempoDecision.Refuse(reason!);
        }

        if (requestedBpm < MinBpm || requestedBpm > MaxBpm)
        {
            return TempoDecision.Refuse(
                $"{Tempo.Format(requestedBpm)} BPM is outside the allowed range [{Tempo.Format(MinBpm)}, {Tempo.Format(MaxBpm)}] BPM");
        }

        var change = Math.Abs(requestedBpm - currentBpm) / currentBpm;
        if (change > MaxChangeRatio)
        {
            var (low, high) = AllowedStep(currentBpm);

            // Rounded, a step just over the limit would read "by 10%" and seem to contradict the refusal.
            var percent = Math.Round(change * 100, 2);
            var by = percent > MaxChangeRatio * 100 ? $"by {Tempo.Format(percent)}%" : "by more than 10%";
            return TempoDecision.Refuse(
                $"{Tempo.Format(requestedBpm)} BPM differs from the current {Tempo.Format(currentBpm)} BPM {by}; " +
                $"a change may be at most 10%, so between {Tempo.Format(low)} and {Tempo.Format(high)} BPM");
        }

        return TempoDecision.Accept();
    }

    /// <summary>
    /// The tempos one change can reach from <paramref name="currentBpm"/>, clipped to [min, max]. The ends are rounded
    /// inwards to a millionth of a BPM, so that each end is itself a tempo <see cref="Evaluate"/> accepts.
    /// </summary>
    public (decimal Low, decimal High) AllowedStep(decimal currentBpm) =>
        (Math.Max(MinBpm, Math.Round(currentBpm * (1 - MaxChangeRatio), Tempo.MaxDecimalPlaces, MidpointRounding.ToPositiveInfinity)),
         Math.Min(MaxBpm, Math.Round(currentBpm * (1 + MaxChangeRatio), Tempo.MaxDecimalPlaces, MidpointRounding.ToNegativeInfinity)));
}
