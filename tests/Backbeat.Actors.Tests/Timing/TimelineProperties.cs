using Backbeat.Timing;
using FsCheck;
using FsCheck.Xunit;

namespace Backbeat.Tests.Timing;

/// <summary>SPEC §1: how a timeline maps slots (beat_index, phase) to instants and back.</summary>
[Properties(Arbitrary = new[] { typeof(TimelineArbitraries) }, MaxTest = 300)]
public sealed class TimelineProperties
{
    [Property]
    public void Frames_strictly_increase(TimelinePoint point)
    {
        var (timeline, k) = point;

        Assert.True(timeline.InstantOf(k + 1) > timeline.InstantOf(k));
    }

    [Property]
    public void Consecutive_frames_differ_by_the_exact_phase_length_rounded_down_or_up(TimelinePoint point)
    {
        var (timeline, k) = point;
        var phase = ExactPhase.Of(EpochOf(timeline, k).TempoBpm, timeline.PhasesPerBeat);

        var difference = (timeline.InstantOf(k + 1) - timeline.InstantOf(k)).Ticks;

        Assert.Contains(difference, new[] { (long)phase.Floor, (long)phase.Ceiling });
    }

    [Property]
    public void N_frames_within_an_epoch_span_N_exact_phase_lengths_to_within_a_tick(TimelinePoint point, PositiveInt n)
    {
        var (timeline, k) = point;
        var epoch = EpochOf(timeline, k);
        var phase = ExactPhase.Of(epoch.TempoBpm, timeline.PhasesPerBeat);
        var count = Math.Min(n.Get, SlotsLeftInEpoch(timeline, epoch, k));

        var span = (timeline.InstantOf(k + count) - timeline.InstantOf(k)).Ticks;

        Assert.True(phase.IsWithinOneTickOf(count, span), $"{count} phases took {span} ticks; exact is {phase.Numerator * count}/{phase.Denominator}");
    }

    [Property]
    public void A_slot_starts_at_its_epoch_start_plus_the_exact_elapsed_phases_rounded_down(TimelinePoint point)
    {
        var (timeline, k) = point;
        var epoch = EpochOf(timeline, k);
        var phase = ExactPhase.Of(epoch.TempoBpm, timeline.PhasesPerBeat);
        var elapsedSlots = k - epoch.StartBeatIndex * timeline.PhasesPerBeat;

        Assert.Equal(epoch.StartTime.AddTicks(phase.FloorOf(elapsedSlots)), timeline.InstantOf(k));
    }

    [Property]
    public void The_start_of_a_slot_maps_back_to_that_slot(TimelinePoint point)
    {
        var (timeline, k) = point;

        Assert.Equal(k, timeline.OrdinalAt(timeline.InstantOf(k)));
    }

    [Property]
    public void The_last_tick_of_a_slot_still_belongs_to_that_slot(TimelinePoint point)
    {
        var (timeline, k) = point;

        Assert.Equal(k, timeline.OrdinalAt(timeline.InstantOf(k + 1).AddTicks(-1)));
    }

    [Property]
    public void A_slot_is_its_beat_and_phase_from_its_start_to_its_deadline(TimelinePoint point)
    {
        var (timeline, k) = point;

        var slot = timeline.Slot(k);

        Assert.Equal(k, slot.Ordinal);
        Assert.Equal(k / timeline.PhasesPerBeat, slot.BeatIndex);
        Assert.Equal(k % timeline.PhasesPerBeat, slot.Phase);
        Assert.Equal(timeline.InstantOf(k), slot.Start);
        Assert.Equal(timeline.InstantOf(k + 1), slot.Deadline);
        Assert.Equal(EpochOf(timeline, k).TempoBpm, slot.TempoBpm);
        Assert.Equal(slot, timeline.Slot(slot.BeatIndex, slot.Phase));
        Assert.Equal(slot, timeline.SlotAt(slot.Start));
    }

    [Property]
    public void A_slot_is_a_downbeat_exactly_when_its_beat_index_is_a_multiple_of_the_bar(TimelinePoint point)
    {
        var (timeline, k) = point;

        var slot = timeline.Slot(k);

        Assert.Equal(slot.BeatIndex % timeline.BeatsPerBar == 0, slot.Downbeat);
    }

    /// <summary>The epoch a slot belongs to, read from the epoch list (not through the timeline's own lookup).</summary>
    internal static TimelineEpoch EpochOf(Timeline timeline, long ordinal) =>
        timeline.Epochs.Last(e => e.StartBeatIndex * timeline.PhasesPerBeat <= ordinal);

    private static int SlotsLeftInEpoch(Timeline timeline, TimelineEpoch epoch, long ordinal)
    {
        var next = timeline.Epochs.FirstOrDefault(e => e.StartBeatIndex > epoch.StartBeatIndex);
        return next is null ? int.MaxValue : (int)Math.Min(int.MaxValue, next.StartBeatIndex * timeline.PhasesPerBeat - ordinal);
    }
}
