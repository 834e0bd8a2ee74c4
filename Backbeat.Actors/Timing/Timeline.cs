namespace Backbeat.Timing;

/// <summary>
/// The state of the clock (SPEC §1): a list of epochs mapping beat indices to wall-clock instants.
/// Immutable; every instant is computed from integers (100 ns ticks and the tempo as an exact fraction),
/// so beat 1,000,000,000 lands where it should and nothing accumulates.
/// </summary>
/// <remarks>
/// Within an epoch, slot <c>k</c> (counted from the epoch's first beat) starts at
/// <c>start + floor(k · 60 s / (tempo · phases))</c>. Every epoch after the first starts on a downbeat,
/// at the instant the previous epoch gives that beat, so the mapping is continuous and monotonic.
/// </remarks>
public sealed class Timeline
{
    /// <summary>How many epochs a timeline keeps; older ones are dropped once superseded.</summary>
    public const int MaxEpochs = 16;

    private readonly TimelineEpoch[] _epochs;
    private readonly EpochMath[] _math;

    public Timeline(IEnumerable<TimelineEpoch> epochs, int phasesPerBeat, int beatsPerBar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phasesPerBeat, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(beatsPerBar, 1);
        _epochs = epochs.ToArray();
        if (_epochs.Length == 0)
        {
            throw new ArgumentException("a timeline needs at least one epoch", nameof(epochs));
        }

        PhasesPerBeat = phasesPerBeat;
        BeatsPerBar = beatsPerBar;
        _math = new EpochMath[_epochs.Length];
        for (var i = 0; i < _epochs.Length; i++)
        {
            var epoch = _epochs[i];
            if (!Tempo.IsRepresentable(epoch.TempoBpm, out var reason))
            {
                throw new ArgumentException(reason, nameof(epochs));
            }

            if (epoch.StartBeatIndex < 0)
            {
                throw new ArgumentException($"epoch {i} starts at negative beat {epoch.StartBeatIndex}", nameof(epochs));
            }

            if (i > 0)
            {
                var previous = _epochs[i - 1];
                if (epoch.StartBeatIndex <= previous.StartBeatIndex)
                {
                    throw new ArgumentException($"epoch {i} starts at beat {epoch.StartBeatIndex}, not after beat {previous.StartBeatIndex}", nameof(epochs));
                }

                if (epoch.StartBeatIndex % beatsPerBar != 0)
                {
                    throw new ArgumentException($"epoch {i} starts at beat {epoch.StartBeatIndex}, which is not a downbeat of a {beatsPerBar}-beat bar", nameof(epochs));
                }

                var expected = _math[i - 1].InstantOfSlot((epoch.StartBeatIndex - previous.StartBeatIndex) * phasesPerBeat);
                if (epoch.StartTime.UtcTicks != expected)
                {
                    throw new ArgumentException($"epoch {i} starts at {epoch.StartTime:O}, but the previous epoch puts beat {epoch.StartBeatIndex} at {new DateTimeOffset(expected, TimeSpan.Zero):O}", nameof(epochs));
                }
            }

            _math[i] = new EpochMath(epoch, phasesPerBeat);
        }
    }

    public IReadOnlyList<TimelineEpoch> Epochs => _epochs;

    public int PhasesPerBeat { get; }

    public int BeatsPerBar { get; }

    /// <summary>Ordinal of the timeline's first slot (beat <c>Epochs[0].StartBeatIndex</c>, phase 0).</summary>
    public long FirstOrdinal => _epochs[0].StartBeatIndex * PhasesPerBeat;

    /// <summary>A timeline whose beat 0 starts at <paramref name="start"/>.</summary>
    public static Timeline Start(DateTimeOffset start, decimal tempoBpm, int phasesPerBeat, int beatsPerBar) =>
        new([new TimelineEpoch(0, start, tempoBpm)], phasesPerBeat, beatsPerBar);

    /// <summary>
    /// Ordinal of the slot that contains <paramref name="instant"/>; <c>FirstOrdinal - 1</c> before the
    /// timeline starts.
    /// </summary>
    public long OrdinalAt(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        var index = _epochs.Length - 1;
        while (index > 0 && ticks < _epochs[index].StartTime.UtcTicks)
        {
            index--;
        }

        if (ticks < _epochs[0].StartTime.UtcTicks)
        {
            return FirstOrdinal - 1;
        }

        return _epochs[index].StartBeatIndex * PhasesPerBeat + _math[index].SlotAt(ticks);
    }

    /// <summary>The slot that contains <paramref name="instant"/>, or null before the timeline starts.</summary>
    public FrameSlot? SlotAt(DateTimeOffset instant)
    {
        var ordinal = OrdinalAt(instant);
        return ordinal < FirstOrdinal ? null : Slot(ordinal);
    }

    /// <summary>The slot with the given ordinal: its beat, phase, start and deadline.</summary>
    public FrameSlot Slot(long ordinal)
    {
        var beat = Math.DivRem(ordinal, PhasesPerBeat, out var phase);
        var start = InstantOf(ordinal);
        var deadline = InstantOf(ordinal + 1);
        return new FrameSlot(ordinal, beat, (int)phase, beat % BeatsPerBar == 0, TempoOfBeat(beat), start, deadline);
    }

    /// <summary>The slot of (<paramref name="beatIndex"/>, <paramref name="phase"/>).</summary>
    public FrameSlot Slot(long beatIndex, int phase)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(phase);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(phase, PhasesPerBeat);
        return Slot(beatIndex * PhasesPerBeat + phase);
    }

    /// <summary>When the slot with the given ordinal starts.</summary>
    public DateTimeOffset InstantOf(long ordinal)
    {
        if (ordinal < FirstOrdinal)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"the timeline starts at ordinal {FirstOrdinal}");
        }

        var epoch = EpochIndexOfBeat(ordinal / PhasesPerBeat);
        var slotInEpoch = ordinal - _epochs[epoch].StartBeatIndex * PhasesPerBeat;
        return new DateTimeOffset(_math[epoch].InstantOfSlot(slotInEpoch), TimeSpan.Zero);
    }

    /// <summary>The tempo beat <paramref name="beatIndex"/> runs at.</summary>
    public decimal TempoOfBeat(long beatIndex) => _epochs[EpochIndexOfBeat(beatIndex)].TempoBpm;

    /// <summary>The tempo in force at <paramref name="instant"/> (the first epoch's before the timeline starts).</summary>
    public decimal TempoAt(DateTimeOffset instant)
    {
        var ordinal = Math.Max(OrdinalAt(instant), FirstOrdinal);
        return TempoOfBeat(ordinal / PhasesPerBeat);
    }

    /// <summary>The epoch that has not started yet at <paramref name="instant"/>, if a tempo change is pending.</summary>
    public TimelineEpoch? PendingAt(DateTimeOffset instant)
    {
        var last = _epochs[^1];
        return _epochs.Length > 1 && last.StartTime > instant ? last : null;
    }

    /// <summary>
    /// The same timeline with a change to <paramref name="tempoBpm"/> at the next downbeat that starts at least
    /// <paramref name="minimumLead"/> after <paramref name="now"/>. A change already pending is replaced.
    /// Rules about which tempos are allowed live in <see cref="TempoRules"/>; this only does the arithmetic.
    /// </summary>
    public Timeline WithTempoChange(DateTimeOffset now, decimal tempoBpm, TimeSpan minimumLead)
    {
        if (!Tempo.IsRepresentable(tempoBpm, out var reason))
        {
            throw new ArgumentOutOfRangeException(nameof(tempoBpm), tempoBpm, reason);
        }

        var ordinal = OrdinalAt(now);
        var currentBeat = ordinal < FirstOrdinal ? _epochs[0].StartBeatIndex - 1 : ordinal / PhasesPerBeat;

        // Drop a pending epoch: the new change replaces it, and the downbeat is found on the tempo in force.
        var kept = _epochs.Where((e, i) => i == 0 || e.StartBeatIndex <= currentBeat).ToList();
        var basis = new Timeline(kept, PhasesPerBeat, BeatsPerBar);

        var downbeat = currentBeat < 0 ? 0 : (currentBeat / BeatsPerBar + 1) * BeatsPerBar;

        while (basis.InstantOf(downbeat * PhasesPerBeat) - now < minimumLead)
        {
            downbeat += BeatsPerBar;
        }

        var start = basis.InstantOf(downbeat * PhasesPerBeat);
        if (kept[^1].StartBeatIndex == downbeat)
        {
            kept[^1] = kept[^1] with { TempoBpm = tempoBpm };
        }
        else
        {
            kept.Add(new TimelineEpoch(downbeat, start, tempoBpm));
        }

        return new Timeline(kept.Skip(Math.Max(0, kept.Count - MaxEpochs)), PhasesPerBeat, BeatsPerBar);
    }

    private int EpochIndexOfBeat(long beatIndex)
    {
        var index = _epochs.Length - 1;
        while (index > 0 && beatIndex < _epochs[index].StartBeatIndex)
        {
            index--;
        }

        return index;
    }

    /// <summary>Integer arithmetic for one epoch: slot k starts at start + floor(k · A / B) ticks.</summary>
    private readonly struct EpochMath
    {
        private readonly long _startTicks;
        private readonly Int128 _a; // ticks per minute × tempo denominator
        private readonly Int128 _b; // tempo numerator × phases per beat

        public EpochMath(TimelineEpoch epoch, int phasesPerBeat)
        {
            var (numerator, denominator) = Tempo.AsFraction(epoch.TempoBpm);
            _startTicks = epoch.StartTime.UtcTicks;
            _a = Tempo.TicksPerMinute * denominator;
            _b = numerator * phasesPerBeat;
        }

        public long InstantOfSlot(long slot) => _startTicks + (long)(slot * _a / _b);

        /// <summary>The largest k with InstantOfSlot(k) ≤ ticks, for ticks at or after the epoch's start.</summary>
        public long SlotAt(long ticks)
        {
            // floor(k·A/B) ≤ d  ⇔  k·A < (d+1)·B  ⇔  k < (d+1)·B / A, so k = ceil((d+1)·B / A) - 1.
            Int128 elapsed = ticks - _startTicks;
            var numerator = (elapsed + 1) * _b;
            return (long)((numerator + _a - 1) / _a) - 1;
        }
    }
}
