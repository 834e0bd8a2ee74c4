using Backbeat.Timing;

namespace Backbeat.Tests.Timing;

/// <summary>
/// Builds timelines for tests: a start, a tempo, phases and bar, and optionally tempo changes,
/// each scheduled as the leader would (at the first downbeat after a given beat).
/// </summary>
public sealed class TimelineBuilder
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly List<(long AfterBeat, decimal TempoBpm)> _changes = [];
    private DateTimeOffset _start = DefaultStart;
    private decimal _tempoBpm = 12;
    private int _phases = 3;
    private int _bar = 8;

    public static TimelineBuilder ATimeline() => new();

    public TimelineBuilder StartingAt(DateTimeOffset start)
    {
        _start = start;
        return this;
    }

    public TimelineBuilder AtTempo(decimal tempoBpm)
    {
        _tempoBpm = tempoBpm;
        return this;
    }

    public TimelineBuilder WithPhases(int phases)
    {
        _phases = phases;
        return this;
    }

    public TimelineBuilder WithBar(int bar)
    {
        _bar = bar;
        return this;
    }

    /// <summary>A change requested at the start of <paramref name="afterBeat"/>, landing on the next downbeat.</summary>
    public TimelineBuilder ChangingTempoAfterBeat(long afterBeat, decimal tempoBpm)
    {
        _changes.Add((afterBeat, tempoBpm));
        return this;
    }

    public Timeline Build()
    {
        var timeline = Timeline.Start(_start, _tempoBpm, _phases, _bar);
        foreach (var (afterBeat, tempoBpm) in _changes)
        {
            timeline = timeline.WithTempoChange(timeline.InstantOf(afterBeat * _phases), tempoBpm, TimeSpan.Zero);
        }

        return timeline;
    }
}
