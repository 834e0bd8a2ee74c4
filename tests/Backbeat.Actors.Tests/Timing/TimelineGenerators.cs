using Backbeat.Timing;
using FsCheck;
using FsCheck.Fluent;

namespace Backbeat.Tests.Timing;

/// <summary>A timeline and one slot ordinal on it.</summary>
public sealed record TimelinePoint(Timeline Timeline, long Ordinal)
{
    public override string ToString() => $"{TimelineGenerators.Describe(Timeline)}, ordinal {Ordinal}";
}

/// <summary>A tempo change requested at <see cref="Now"/> on <see cref="Timeline"/>.</summary>
public sealed record TempoChangeCase(Timeline Timeline, DateTimeOffset Now, decimal TempoBpm, TimeSpan MinimumLead)
{
    public Timeline Apply() => Timeline.WithTempoChange(Now, TempoBpm, MinimumLead);

    public override string ToString() =>
        $"{TimelineGenerators.Describe(Timeline)}, now {Now:O} (ordinal {Timeline.OrdinalAt(Now)}), to {TempoBpm} BPM, lead {MinimumLead}";
}

/// <summary>A change that is still pending when a second one is requested.</summary>
public sealed record SecondChangeCase(TempoChangeCase First, DateTimeOffset SecondNow, decimal SecondTempoBpm)
{
    public override string ToString() => $"{First}; then at {SecondNow:O} to {SecondTempoBpm} BPM";
}

/// <summary>
/// FsCheck generators for the timeline: tempos with up to six decimal places (and the awkward ones by name),
/// 1–8 phases, bars of 1–16 beats, starts with sub-millisecond ticks, and up to three earlier tempo changes.
/// Ordinals stay within a few hundred years of the start so every instant fits a <see cref="DateTimeOffset"/>.
/// </summary>
public static class TimelineGenerators
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const long MinutesIn300Years = 300L * 366 * 24 * 60;

    public static Gen<decimal> Tempo { get; } = Gen.Frequency(
        (1, Gen.Elements(0.5m, 12.5m, 7.333333m, 12m, 120m, 6000m, 4m, 24m, 0.01m, 1.000000m, 12.500m)),
        (3, TempoWithDecimalPlaces(6)));

    /// <summary>Tempos in [0.01, 6000] with at most <paramref name="maxDecimalPlaces"/> decimal places.</summary>
    public static Gen<decimal> TempoWithDecimalPlaces(int maxDecimalPlaces) =>
        from scale in Gen.Choose(0, maxDecimalPlaces)
        from whole in Gen.Choose(0, 6000)
        from fraction in Gen.Choose(0, Pow10(scale) - 1)
        let tempo = whole + fraction / (decimal)Pow10(scale)
        where tempo >= 0.01m
        select tempo;

    public static Gen<DateTimeOffset> Start { get; } =
        from ticks in LongUpTo(80L * 365 * TimeSpan.TicksPerDay)
        select Earliest.AddTicks(ticks);

    public static Gen<Timeline> Timeline { get; } =
        from start in Start
        from tempo in Tempo
        from phases in Gen.Choose(1, 8)
        from bar in Gen.Choose(1, 16)
        from changes in Gen.ListOf(Gen.Zip(Gen.Choose(0, 40), Tempo)).Select(l => l.Take(3).ToList())
        select Build(start, tempo, phases, bar, changes);

    public static Gen<TimelinePoint> Points { get; } =
        from timeline in Timeline
        from ordinal in OrdinalOn(timeline)
        select new TimelinePoint(timeline, ordinal);

    public static Gen<TempoChangeCase> TempoChanges { get; } =
        from point in Points
        from now in InstantWithin(point.Timeline, point.Ordinal)
        from tempo in Tempo
        from lead in Lead(point.Timeline, now)
        select new TempoChangeCase(point.Timeline, now, tempo, lead);

    public static Gen<SecondChangeCase> SecondChanges { get; } =
        from first in TempoChanges
        let pendingStart = first.Apply().Epochs[^1].StartTime
        from fraction in Gen.Choose(0, 999)
        let secondNow = first.Now.AddTicks((pendingStart - first.Now).Ticks * fraction / 1000)
        from tempo in Tempo
        select new SecondChangeCase(first, secondNow, tempo);

    public static string Describe(Timeline timeline) =>
        $"{timeline.PhasesPerBeat} phases, bar {timeline.BeatsPerBar}, epochs [" +
        string.Join("; ", timeline.Epochs.Select(e => $"beat {e.StartBeatIndex} at {e.StartTime:O} {e.TempoBpm} BPM")) + "]";

    /// <summary>Ordinals near epoch boundaries, near the start, and anywhere in the next few centuries.</summary>
    private static Gen<long> OrdinalOn(Timeline timeline)
    {
        var phases = timeline.PhasesPerBeat;
        var span = 2 * phases * timeline.BeatsPerBar;
        var slowest = timeline.Epochs.Min(e => e.TempoBpm);
        var lastBeat = timeline.Epochs[^1].StartBeatIndex + (long)Math.Min(1e12m, slowest * MinutesIn300Years);
        var nearBoundary =
            from epoch in Gen.Elements(timeline.Epochs.ToArray())
            from offset in Gen.Choose(-span, span)
            select Math.Max(0, epoch.StartBeatIndex * phases + offset);
        return Gen.Frequency(
            (2, nearBoundary),
            (1, Gen.Choose(0, 500).Select(o => (long)o)),
            (1, LongUpTo(lastBeat * phases)));
    }

    /// <summary>An instant inside the slot: often exactly its start, otherwise anywhere before its end.</summary>
    private static Gen<DateTimeOffset> InstantWithin(Timeline timeline, long ordinal)
    {
        var start = timeline.InstantOf(ordinal);
        var length = (timeline.InstantOf(ordinal + 1) - start).Ticks;
        return Gen.Frequency(
            (1, Gen.Constant(start)),
            (3, Gen.Choose(0, 999).Select(f => start.AddTicks(length * f / 1000))));
    }

    /// <summary>No lead, or up to three bars of the tempo in force.</summary>
    private static Gen<TimeSpan> Lead(Timeline timeline, DateTimeOffset now)
    {
        var beatTicks = (long)(TimeSpan.TicksPerMinute / timeline.TempoAt(now));
        var threeBars = 3 * timeline.BeatsPerBar * beatTicks;
        return Gen.Frequency(
            (1, Gen.Constant(TimeSpan.Zero)),
            (3, Gen.Choose(0, 1000).Select(f => TimeSpan.FromTicks(threeBars / 1000 * f))));
    }

    private static Timeline Build(DateTimeOffset start, decimal tempo, int phases, int bar, List<(int Gap, decimal Tempo)> changes)
    {
        var builder = TimelineBuilder.ATimeline().StartingAt(start).AtTempo(tempo).WithPhases(phases).WithBar(bar);
        long beat = 0;
        foreach (var (gap, next) in changes)
        {
            beat = (beat / bar + 1) * bar + gap;
            builder.ChangingTempoAfterBeat(beat, next);
        }

        return builder.Build();
    }

    private static Gen<long> LongUpTo(long max) =>
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select (long)((((Int128)high << 31) | low) % ((Int128)max + 1));

    private static int Pow10(int exponent)
    {
        var value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}

/// <summary>Registers the generators with FsCheck: <c>[Properties(Arbitrary = new[] { typeof(TimelineArbitraries) })]</c>.</summary>
public static class TimelineArbitraries
{
    public static Arbitrary<TimelinePoint> TimelinePoints() => Arb.From(TimelineGenerators.Points);

    public static Arbitrary<TempoChangeCase> TempoChanges() => Arb.From(TimelineGenerators.TempoChanges);

    public static Arbitrary<SecondChangeCase> SecondChanges() => Arb.From(TimelineGenerators.SecondChanges);
}
