using Backbeat.Pulse;

namespace Backbeat.Consumers;

/// <summary>Why a phase ended as it did, finer than the claimed <see cref="ClaimState"/>.</summary>
public enum PhaseOutcomeKind
{
    /// <summary>The handler returned (done or late by when it returned).</summary>
    Completed,

    /// <summary>The handler gave up when the deadline cancelled its token (late).</summary>
    CutOff,

    /// <summary>The handler threw (failed).</summary>
    Threw,

    /// <summary>Still queued when its deadline passed, so never started (late).</summary>
    Expired,

    /// <summary>Left out of the full work queue (late).</summary>
    Dropped,
}

/// <summary>One phase's timing: counts by state since the start, and duration figures over the recent handler runs.</summary>
public sealed record PhaseStats(
    string Phase,
    long Count,
    long Done,
    long Late,
    long Failed,
    long Expired,
    long Dropped,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    double MaxMs)
{
    /// <summary>Phases that ended after their deadline or never ran: the guide's deadline misses.</summary>
    public long DeadlineMisses => Late;
}

/// <summary>
/// Per-phase statistics of one consumer. Durations are those of handler runs (expired and dropped frames never ran,
/// so they count as misses without pulling the figures towards zero); the mean is over every run, the percentiles
/// and maximum over the most recent <c>samples</c> runs.
/// </summary>
public sealed class PhaseStatistics
{
    private readonly Dictionary<string, Entry> _phases = new(StringComparer.Ordinal);
    private readonly int _samples;

    public PhaseStatistics(int samples = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        _samples = samples;
    }

    public void Record(string phase, ClaimState state, PhaseOutcomeKind kind, double durationMs)
    {
        if (!_phases.TryGetValue(phase, out var entry))
        {
            entry = new Entry(new LatenessWindow(_samples));
            _phases.Add(phase, entry);
        }

        entry.Count++;
        switch (state)
        {
            case ClaimState.Done:
                entry.Done++;
                break;
            case ClaimState.Late:
                entry.Late++;
                break;
            default:
                entry.Failed++;
                break;
        }

        switch (kind)
        {
            case PhaseOutcomeKind.Expired:
                entry.Expired++;
                return;
            case PhaseOutcomeKind.Dropped:
                entry.Dropped++;
                return;
        }

        entry.Runs++;
        entry.TotalMs += durationMs;
        entry.Recent.Add(durationMs);
    }

    /// <summary>The figures of every phase seen, in the given order first, then any others by name.</summary>
    public IReadOnlyList<PhaseStats> Snapshot(IReadOnlyList<string>? order = null)
    {
        order ??= [];
        return _phases
            .OrderBy(p => order.Contains(p.Key) ? order.ToList().IndexOf(p.Key) : int.MaxValue)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PhaseStats(
                p.Key,
                p.Value.Count,
                p.Value.Done,
                p.Value.Late,
                p.Value.Failed,
                p.Value.Expired,
                p.Value.Dropped,
                p.Value.Runs == 0 ? 0 : p.Value.TotalMs / p.Value.Runs,
                p.Value.Recent.Percentile(50),
                p.Value.Recent.Percentile(99),
                p.Value.Recent.Max()))
            .ToList();
    }

    private sealed class Entry(LatenessWindow recent)
    {
        public LatenessWindow Recent { get; } = recent;

        public long Count { get; set; }

        public long Done { get; set; }

        public long Late { get; set; }

        public long Failed { get; set; }

        public long Expired { get; set; }

        public long Dropped { get; set; }

        public long Runs { get; set; }

        public double TotalMs { get; set; }
    }
}
