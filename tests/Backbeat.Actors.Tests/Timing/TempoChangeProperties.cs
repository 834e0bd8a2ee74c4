using Backbeat.Timing;
using FsCheck.Xunit;

namespace Backbeat.Tests.Timing;

/// <summary>SPEC §4: an accepted tempo change becomes a new epoch at the next downbeat, and nothing else moves.</summary>
[Properties(Arbitrary = new[] { typeof(TimelineArbitraries) }, MaxTest = 300)]
public sealed class TempoChangeProperties
{
    [Property]
    public void A_change_takes_effect_on_a_downbeat_with_the_requested_tempo(TempoChangeCase change)
    {
        var changed = change.Apply();

        var epoch = changed.Epochs[^1];
        Assert.Equal(0, epoch.StartBeatIndex % changed.BeatsPerBar);
        Assert.Equal(change.TempoBpm, epoch.TempoBpm);
        Assert.Equal(change.TempoBpm, changed.TempoOfBeat(epoch.StartBeatIndex));
    }

    [Property]
    public void A_change_takes_effect_after_the_current_beat_and_at_least_the_minimum_lead_after_now(TempoChangeCase change)
    {
        var currentBeat = change.Timeline.OrdinalAt(change.Now) / change.Timeline.PhasesPerBeat;

        var epoch = change.Apply().Epochs[^1];

        Assert.True(epoch.StartBeatIndex > currentBeat, $"change at beat {epoch.StartBeatIndex}, current beat {currentBeat}");
        Assert.True(epoch.StartTime - change.Now >= change.MinimumLead, $"change at {epoch.StartTime:O} is less than {change.MinimumLead} after {change.Now:O}");
    }

    [Property]
    public void A_change_takes_the_first_downbeat_that_qualifies(TempoChangeCase change)
    {
        var inForce = InForce(change.Timeline, change.Now);
        var currentBeat = inForce.OrdinalAt(change.Now) / inForce.PhasesPerBeat;

        var epoch = change.Apply().Epochs[^1];

        var barBefore = epoch.StartBeatIndex - inForce.BeatsPerBar;
        var barBeforeQualified = barBefore > currentBeat
            && inForce.InstantOf(barBefore * inForce.PhasesPerBeat) - change.Now >= change.MinimumLead;
        Assert.False(barBeforeQualified, $"the downbeat {barBefore} already qualified, but the change landed on {epoch.StartBeatIndex}");
    }

    [Property]
    public void A_change_leaves_the_current_slot_and_every_slot_before_the_change_where_it_was(TempoChangeCase change)
    {
        var inForce = InForce(change.Timeline, change.Now);
        var changed = change.Apply();
        var changeOrdinal = changed.Epochs[^1].StartBeatIndex * changed.PhasesPerBeat;

        Assert.Equal(inForce.OrdinalAt(change.Now), changed.OrdinalAt(change.Now));
        foreach (var k in Walk(changed, change.Now, changeOrdinal))
        {
            if (k <= changeOrdinal)
            {
                Assert.Equal(inForce.InstantOf(k), changed.InstantOf(k));
            }
        }
    }

    [Property]
    public void Across_a_change_no_beat_and_phase_is_skipped_or_repeated(TempoChangeCase change)
    {
        var changed = change.Apply();
        var changeOrdinal = changed.Epochs[^1].StartBeatIndex * changed.PhasesPerBeat;

        var previous = DateTimeOffset.MinValue;
        foreach (var k in Walk(changed, change.Now, changeOrdinal))
        {
            var start = changed.InstantOf(k);
            var end = changed.InstantOf(k + 1);
            Assert.True(start > previous, $"slot {k} starts at {start:O}, not after the slot before it ({previous:O})");
            Assert.Equal(k, changed.OrdinalAt(start));
            Assert.Equal(k, changed.OrdinalAt(end.AddTicks(-1)));
            previous = start;
        }
    }

    [Property]
    public void The_old_tempo_runs_up_to_the_change_and_the_new_one_from_it(TempoChangeCase change)
    {
        var oldTempo = change.Timeline.TempoAt(change.Now);
        var changed = change.Apply();
        var epoch = changed.Epochs[^1];
        var phases = changed.PhasesPerBeat;
        var oldPhase = ExactPhase.Of(oldTempo, phases);
        var newPhase = ExactPhase.Of(change.TempoBpm, phases);
        var changeOrdinal = epoch.StartBeatIndex * phases;

        var lastOld = (changed.InstantOf(changeOrdinal) - changed.InstantOf(changeOrdinal - 1)).Ticks;
        var firstNew = (changed.InstantOf(changeOrdinal + 1) - changed.InstantOf(changeOrdinal)).Ticks;

        Assert.Equal(oldTempo, changed.TempoOfBeat(epoch.StartBeatIndex - 1));
        Assert.Contains(lastOld, new[] { (long)oldPhase.Floor, (long)oldPhase.Ceiling });
        Assert.Contains(firstNew, new[] { (long)newPhase.Floor, (long)newPhase.Ceiling });
    }

    [Property]
    public void A_scheduled_change_is_pending_and_the_tempo_in_force_stays_until_it_lands(TempoChangeCase change)
    {
        var oldTempo = change.Timeline.TempoAt(change.Now);

        var changed = change.Apply();

        Assert.Equal(changed.Epochs[^1], changed.PendingAt(change.Now));
        Assert.Equal(oldTempo, changed.TempoAt(change.Now));
        Assert.Equal(change.TempoBpm, changed.TempoAt(changed.Epochs[^1].StartTime));
    }

    [Property]
    public void A_second_change_replaces_the_pending_one(SecondChangeCase second)
    {
        var first = second.First.Apply();
        var lead = second.First.MinimumLead;

        var replaced = first.WithTempoChange(second.SecondNow, second.SecondTempoBpm, lead);

        Assert.Single(replaced.Epochs, e => e.StartTime > second.SecondNow);
        Assert.Equal(second.SecondTempoBpm, replaced.PendingAt(second.SecondNow)!.TempoBpm);
        Assert.Equal(first.Epochs.Count, replaced.Epochs.Count);
        var asIfNeverRequested = InForce(first, second.SecondNow).WithTempoChange(second.SecondNow, second.SecondTempoBpm, lead);
        Assert.Equal(asIfNeverRequested.Epochs, replaced.Epochs);
    }

    /// <summary>The timeline without any epoch that has not started at <paramref name="now"/>.</summary>
    private static Timeline InForce(Timeline timeline, DateTimeOffset now) =>
        new(timeline.Epochs.Where((e, i) => i == 0 || e.StartTime <= now), timeline.PhasesPerBeat, timeline.BeatsPerBar);

    /// <summary>Ordinals from a bar before <paramref name="now"/> to two bars after the change.</summary>
    private static IEnumerable<long> Walk(Timeline timeline, DateTimeOffset now, long changeOrdinal)
    {
        var bar = (long)timeline.BeatsPerBar * timeline.PhasesPerBeat;
        var from = Math.Max(timeline.FirstOrdinal, timeline.OrdinalAt(now) - bar);
        for (var k = from; k <= changeOrdinal + 2 * bar; k++)
        {
            yield return k;
        }
    }
}
