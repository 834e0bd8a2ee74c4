using Backbeat.Contracts;

namespace Backbeat.Consumers;

/// <summary>Running totals of what became of the claims an aggregator received.</summary>
public sealed record ClaimCounts(long Accepted, long Malformed, long Unknown, long Future, long Closed, long Duplicate, long Overflow)
{
    public static readonly ClaimCounts Zero = new(0, 0, 0, 0, 0, 0, 0);

    public ClaimCounts With(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Accepted => this with { Accepted = Accepted + 1 },
        ClaimVerdict.Malformed => this with { Malformed = Malformed + 1 },
        ClaimVerdict.Unknown => this with { Unknown = Unknown + 1 },
        ClaimVerdict.Future => this with { Future = Future + 1 },
        ClaimVerdict.Closed => this with { Closed = Closed + 1 },
        ClaimVerdict.Duplicate => this with { Duplicate = Duplicate + 1 },
        ClaimVerdict.Overflow => this with { Overflow = Overflow + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };
}

/// <summary>
/// The aggregator's state, free of Akka: which beat is current (from the frames it is shown), which windows are open,
/// what each claim is worth, and the latest reports. A window opens with its first frame or its first acceptable claim,
/// and closes <see cref="WindowAggregatorOptions.CloseAfterPhases"/> phases after its bar ended.
/// </summary>
public sealed class WindowAggregation
{
    private readonly string _clusterId;
    private readonly IReadOnlyList<string> _phases;
    private readonly int _bar;
    private readonly WindowAggregatorOptions _options;
    private readonly SortedDictionary<long, WindowTally> _open = [];
    private readonly LinkedList<WindowReport> _reports = new();
    private readonly Dictionary<string, WindowReport> _byId = new(StringComparer.Ordinal);
    private long? _firstOrdinal;
    private long? _currentOrdinal;
    private long _closedBefore = long.MinValue;

    public WindowAggregation(string clusterId, IReadOnlyList<string> phases, int bar, WindowAggregatorOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentOutOfRangeException.ThrowIfLessThan(bar, 1);
        if (phases is not { Count: > 0 })
        {
            throw new ArgumentException("at least one phase is needed", nameof(phases));
        }

        _clusterId = clusterId;
        _phases = phases;
        _bar = bar;
        _options = options.Validated();
    }

    public ClaimCounts Counts { get; private set; } = ClaimCounts.Zero;

    /// <summary>The (beat, phase) of the newest frame seen, as an ordinal (beat × phases + phase); null before any.</summary>
    public long? CurrentOrdinal => _currentOrdinal;

    public int OpenWindows => _open.Count;

    /// <summary>Takes note of a frame and returns the reports of the windows it closes, oldest first.</summary>
    public IReadOnlyList<WindowReport> Observe(BeatFrame frame, DateTimeOffset now)
    {
        var phase = IndexOf(frame.Phase);
        if (phase < 0 || frame.BeatIndex < 0)
        {
            return [];
        }

        var ordinal = frame.BeatIndex * _phases.Count + phase;
        _firstOrdinal ??= ordinal;
        _currentOrdinal = Math.Max(_currentOrdinal ?? ordinal, ordinal);

        var downbeat = DownbeatOf(frame.BeatIndex);
        if (downbeat >= _closedBefore)
        {
            var tally = Open(downbeat);
            tally.TempoBpm ??= frame.TempoBpm;
        }

        return CloseDue(now);
    }

    /// <summary>Judges a claim and, when acceptable, counts it in its window.</summary>
    public ClaimVerdict Submit(StatusClaim? claim)
    {
        var verdict = Judge(claim);
        Counts = Counts.With(verdict);
        return verdict;
    }

    /// <summary>The newest <paramref name="count"/> reports, newest first.</summary>
    public IReadOnlyList<WindowReport> Latest(int count) => _reports.Take(Math.Max(0, count)).ToList();

    public WindowReport? Find(string windowId) => _byId.GetValueOrDefault(windowId);

    private ClaimVerdict Judge(StatusClaim? claim)
    {
        if (!StatusClaim.IsWellFormed(claim, out _))
        {
            return ClaimVerdict.Malformed;
        }

        var phase = IndexOf(claim!.Phase);
        if (phase < 0 || _currentOrdinal is not { } current || _firstOrdinal is not { } first)
        {
            return ClaimVerdict.Unknown;
        }

        // A beat index near long.MaxValue would overflow the ordinal; it is far in the future either way.
        if (claim.BeatIndex > (long.MaxValue - phase) / _phases.Count)
        {
            return ClaimVerdict.Future;
        }

        var ordinal = claim.BeatIndex * _phases.Count + phase;
        if (ordinal > current + _options.FutureToleranceFrames)
        {
            return ClaimVerdict.Future;
        }

        // A window whose closing point has passed is over, whether it was reported or fell in a gap of the frames.
        var downbeat = DownbeatOf(claim.BeatIndex);
        if (downbeat < _closedBefore || ClosingOrdinal(downbeat) <= current)
        {
            return ClaimVerdict.Closed;
        }

        if (ordinal < first)
        {
            return ClaimVerdict.Unknown;
        }

        var tally = Open(downbeat);
        if (tally.Count >= _options.MaxClaimsPerWindow)
        {
            return ClaimVerdict.Overflow;
        }

        return tally.TryAdd(claim) ? ClaimVerdict.Accepted : ClaimVerdict.Duplicate;
    }

    private WindowTally Open(long downbeat)
    {
        if (!_open.TryGetValue(downbeat, out var tally))
        {
            tally = new WindowTally(WindowId.ForDownbeat(_clusterId, downbeat), downbeat);
            _open.Add(downbeat, tally);
        }

        return tally;
    }

    private List<WindowReport> CloseDue(DateTimeOffset now)
    {
        var closed = new List<WindowReport>();
        while (_open.Count > 0)
        {
            var (downbeat, tally) = _open.First();
            if (_currentOrdinal < ClosingOrdinal(downbeat))
            {
                break;
            }

            _open.Remove(downbeat);
            _closedBefore = downbeat + _bar;
            var report = tally.Close(_clusterId, _bar, _phases, _options.SlowestAgents, now);
            Keep(report);
            closed.Add(report);
        }

        return closed;
    }

    private void Keep(WindowReport report)
    {
        _reports.AddFirst(report);
        _byId[report.WindowId] = report;
        while (_reports.Count > _options.KeepWindows)
        {
            var oldest = _reports.Last!.Value;
            _reports.RemoveLast();
            _byId.Remove(oldest.WindowId);
        }
    }

    /// <summary>The ordinal of the frame at which the window of <paramref name="downbeat"/> closes.</summary>
    private long ClosingOrdinal(long downbeat) => (downbeat + _bar) * _phases.Count + _options.CloseAfterPhases;

    private long DownbeatOf(long beatIndex) => beatIndex - beatIndex % _bar;

    private int IndexOf(string? phase)
    {
        for (var i = 0; i < _phases.Count; i++)
        {
            if (_phases[i] == phase)
            {
                return i;
            }
        }

        return -1;
    }
}
