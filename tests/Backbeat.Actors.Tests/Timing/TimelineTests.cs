using System.Globalization;
using Backbeat.Timing;
using static Backbeat.Tests.Timing.TimelineBuilder;

namespace Backbeat.Tests.Timing;

/// <summary>Worked examples of the timeline (SPEC §1, §4); the general rules are in the property classes.</summary>
public sealed class TimelineTests
{
    private static readonly DateTimeOffset Start = DefaultStart; // 2026-11-22T12:00:00Z

    [Fact]
    public void Beat_one_billion_at_6000_bpm_lands_on_the_exact_millisecond()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(6000).WithPhases(3).Build();
        var expected = Start.AddTicks((long)(1_000_000_000m * 60m / 6000m * TimeSpan.TicksPerSecond)); // 1e9 × 10 ms = 1e7 s

        var slot = timeline.Slot(1_000_000_000, 0);

        Assert.Equal(expected, slot.Start);
        Assert.Equal(Instant("2027-03-18T05:46:40.0000000Z"), slot.Start);
        Assert.Equal(1_000_000_000L * 3, timeline.OrdinalAt(expected));
        Assert.Equal(1_000_000_000L * 3 - 1, timeline.OrdinalAt(expected.AddTicks(-1)));
    }

    [Fact]
    public void Beat_one_billion_at_a_fractional_tempo_lands_on_the_exact_tick()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(7.333333m).Build();

        var start = timeline.Slot(1_000_000_000, 0).Start;

        // 1e9 beats × 60 s / 7.333333 = 8,181,818,553.7190251… s, worked out with exact fractions.
        Assert.Equal(Instant("2286-03-01T11:22:33.7190251Z"), start);
    }

    [Theory]
    [InlineData("0.5", 1, "2026-11-22T12:02:00.0000000Z")]
    [InlineData("12.5", 1, "2026-11-22T12:00:04.8000000Z")]
    [InlineData("13.2", 1, "2026-11-22T12:00:04.5454545Z")]
    [InlineData("12", 10, "2026-11-22T12:00:50.0000000Z")]
    public void A_beat_starts_a_whole_number_of_beat_lengths_after_the_start(string tempo, long beat, string expected)
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(decimal.Parse(tempo, CultureInfo.InvariantCulture)).WithPhases(1).Build();

        Assert.Equal(Instant(expected), timeline.InstantOf(beat));
    }

    [Fact]
    public void Phases_split_a_beat_into_equal_parts()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(12).WithPhases(3).Build(); // 5 s beats

        var work = timeline.Slot(2, 1);

        Assert.Equal(Start.AddSeconds(10).AddTicks(16_666_666), work.Start);
        Assert.Equal(Start.AddSeconds(10).AddTicks(33_333_333), work.Deadline);
    }

    [Fact]
    public void Before_the_start_there_is_no_slot()
    {
        var timeline = ATimeline().StartingAt(Start).Build();

        Assert.Equal(timeline.FirstOrdinal - 1, timeline.OrdinalAt(Start.AddTicks(-1)));
        Assert.Null(timeline.SlotAt(Start.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.InstantOf(-1));
    }

    [Fact]
    public void A_change_lands_on_the_next_downbeat_at_the_instant_the_old_tempo_gives_it()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(12).WithPhases(3).WithBar(8).Build();
        var now = timeline.Slot(5, 1).Start;

        var changed = timeline.WithTempoChange(now, 13.2m, TimeSpan.Zero);

        Assert.Equal(new TimelineEpoch(8, Start.AddSeconds(40), 13.2m), changed.Epochs[^1]);
        Assert.Equal(Instant("2026-11-22T12:00:44.5454545Z"), changed.Slot(9, 0).Start);
    }

    [Fact]
    public void A_change_requested_on_a_downbeat_waits_for_the_next_one()
    {
        var timeline = ATimeline().AtTempo(12).WithBar(8).Build();

        var changed = timeline.WithTempoChange(timeline.Slot(8, 0).Start, 13, TimeSpan.Zero);

        Assert.Equal(16, changed.Epochs[^1].StartBeatIndex);
    }

    [Fact]
    public void A_minimum_lead_exactly_reaching_the_next_downbeat_is_enough()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(12).WithBar(8).Build();
        var now = timeline.Slot(5, 0).Start; // 25 s; beat 8 starts at 40 s

        var changed = timeline.WithTempoChange(now, 13, TimeSpan.FromSeconds(15));

        Assert.Equal(8, changed.Epochs[^1].StartBeatIndex);
    }

    [Fact]
    public void A_minimum_lead_one_tick_past_the_next_downbeat_moves_the_change_a_bar_on()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(12).WithBar(8).Build();
        var now = timeline.Slot(5, 0).Start;

        var changed = timeline.WithTempoChange(now, 13, TimeSpan.FromSeconds(15) + TimeSpan.FromTicks(1));

        Assert.Equal(16, changed.Epochs[^1].StartBeatIndex);
    }

    [Fact]
    public void A_change_that_has_landed_stays_when_the_next_one_is_scheduled()
    {
        var timeline = ATimeline().AtTempo(12).WithBar(4).Build()
            .WithTempoChange(Start, 13, TimeSpan.Zero); // lands on beat 4

        var changed = timeline.WithTempoChange(timeline.Slot(5, 0).Start, 14, TimeSpan.Zero);

        Assert.Equal([0L, 4L, 8L], changed.Epochs.Select(e => e.StartBeatIndex));
        Assert.Equal([12m, 13m, 14m], changed.Epochs.Select(e => e.TempoBpm));
    }

    [Fact]
    public void A_change_requested_before_the_start_can_take_effect_from_beat_zero()
    {
        var timeline = ATimeline().StartingAt(Start).AtTempo(12).Build();

        var changed = timeline.WithTempoChange(Start.AddMinutes(-1), 13, TimeSpan.FromSeconds(30));

        Assert.Equal([new TimelineEpoch(0, Start, 13m)], changed.Epochs);
    }

    [Fact]
    public void A_long_history_of_changes_keeps_the_latest_epochs_and_their_instants()
    {
        var builder = ATimeline().AtTempo(12).WithBar(2);
        for (var i = 0; i < Timeline.MaxEpochs + 4; i++)
        {
            builder.ChangingTempoAfterBeat(2 * i, i % 2 == 0 ? 13 : 12);
        }

        var timeline = builder.Build();
        var recent = timeline.Epochs[^1].StartBeatIndex * timeline.PhasesPerBeat;

        Assert.Equal(Timeline.MaxEpochs, timeline.Epochs.Count);
        Assert.Equal(new TimelineEpoch(40, timeline.Epochs[^1].StartTime, 12), timeline.Epochs[^1]);
        Assert.Equal(timeline.Epochs[0].StartBeatIndex * timeline.PhasesPerBeat, timeline.FirstOrdinal);
        Assert.Equal(recent, timeline.OrdinalAt(timeline.InstantOf(recent)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-12")]
    [InlineData("12.0000001")]
    public void A_change_to_a_tempo_that_cannot_drive_a_timeline_is_refused(string tempo)
    {
        var timeline = ATimeline().Build();

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => timeline.WithTempoChange(Start, decimal.Parse(tempo, CultureInfo.InvariantCulture), TimeSpan.Zero));

        Assert.Contains(tempo, error.Message);
    }

    [Fact]
    public void An_epoch_that_does_not_start_on_a_downbeat_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Timeline(
            [new TimelineEpoch(0, Start, 12), new TimelineEpoch(3, Start.AddSeconds(15), 13)], phasesPerBeat: 3, beatsPerBar: 8));

        Assert.Contains("not a downbeat", error.Message);
    }

    [Fact]
    public void An_epoch_that_does_not_start_where_the_previous_one_puts_its_beat_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Timeline(
            [new TimelineEpoch(0, Start, 12), new TimelineEpoch(8, Start.AddSeconds(41), 13)], phasesPerBeat: 3, beatsPerBar: 8));

        Assert.Contains("previous epoch puts beat 8", error.Message);
    }

    [Fact]
    public void Epochs_out_of_order_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Timeline(
            [new TimelineEpoch(8, Start.AddSeconds(40), 12), new TimelineEpoch(0, Start, 13)], phasesPerBeat: 3, beatsPerBar: 8));

        Assert.Contains("not after beat 8", error.Message);
    }

    [Fact]
    public void A_timeline_without_epochs_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Timeline([], phasesPerBeat: 3, beatsPerBar: 8));
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(3, 0)]
    public void A_timeline_needs_at_least_one_phase_and_one_beat_per_bar(int phases, int bar)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Timeline.Start(Start, 12, phases, bar));
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
