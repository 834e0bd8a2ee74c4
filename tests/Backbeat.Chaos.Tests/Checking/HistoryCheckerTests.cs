using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Tests.Checking;

public sealed class HistoryCheckerTests
{
    private const double Phase = HistoryBuilder.PhaseMs;

    [Fact]
    public void A_steady_stream_from_one_emitter_meets_every_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 30, "n001", atMs: 0)
            .Local("chaos-n002", 0, 30, atMs: 5)
            .Fault(FaultKind.Steady, 1_000, 9_000, "chaos-n002")
            .JudgeOnly();

        Assert.Empty(verdict.Failures);
        Assert.Equal(0, verdict.Duplicates);
        Assert.Equal(0, verdict.MaxMissedFrames);
        Assert.InRange(verdict.MaxGapMs, Phase - 1, Phase + 1);
    }

    [Fact]
    public void A_slot_published_twice_by_the_same_emitter_is_a_duplicate()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .NatsAt(10, "n001", atMs: 10 * Phase + 50)
            .Fault(FaultKind.BrokerRestart, 100, 4_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.Duplicates);
        Assert.Equal(0, verdict.DualEmitters);
        Assert.Equal(0, verdict.Regressions);
    }

    [Fact]
    public void A_slot_published_by_two_emitters_is_a_dual_emission()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .NatsAt(10, "n002", atMs: 10 * Phase + 20)
            .Fault(FaultKind.Partition, 100, 4_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.Duplicates);
        Assert.Equal(1, verdict.DualEmitters);
    }

    [Fact]
    public void An_emitter_publishing_again_right_after_it_was_replaced_is_a_dual_emission()
    {
        // n002 takes over at slot 5, then n001 (still running) slips slot 7 in: no slot twice, yet two emitters.
        var verdict = new HistoryBuilder()
            .Nats(0, 4, "n001", atMs: 0)
            .NatsAt(5, "n002", atMs: 5 * Phase)
            .NatsAt(6, "n002", atMs: 6 * Phase)
            .NatsAt(7, "n001", atMs: 7 * Phase)
            .Fault(FaultKind.Partition, 100, 4_000)
            .JudgeOnly();

        Assert.Equal(0, verdict.Duplicates);
        Assert.Equal(1, verdict.DualEmitters);
    }

    [Fact]
    public void One_overlap_of_two_emitters_counts_once_however_their_frames_interleave()
    {
        // The old leader slips in the slot the new one just published, then the new one carries on.
        var verdict = new HistoryBuilder()
            .Nats(0, 9, "n002", atMs: 0)
            .NatsAt(10, "n003", atMs: 10 * Phase)
            .NatsAt(10, "n002", atMs: 10 * Phase + 4)
            .Nats(11, 20, "n003", atMs: 11 * Phase)
            .Fault(FaultKind.Partition, 100, 7_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.Duplicates);
        Assert.Equal(1, verdict.DualEmitters);
    }

    [Fact]
    public void A_leader_coming_back_long_after_it_was_replaced_is_a_legitimate_hand_back()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 4, "n001", atMs: 0)
            .Nats(5, 30, "n002", atMs: 5 * Phase)
            .Nats(31, 40, "n001", atMs: 31 * Phase)
            .Fault(FaultKind.GracefulStop, 100, 14_000)
            .JudgeOnly();

        Assert.Equal(0, verdict.DualEmitters);
    }

    [Fact]
    public void A_new_slot_earlier_than_one_already_published_is_a_regression()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .NatsAt(12, "n001", atMs: 11 * Phase)
            .NatsAt(11, "n001", atMs: 12 * Phase)
            .Fault(FaultKind.LeaderKill, 100, 5_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.Regressions);
        Assert.Equal(0, verdict.Duplicates);
    }

    [Fact]
    public void A_tempo_change_on_a_downbeat_within_ten_percent_is_allowed()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 23, "n001", atMs: 0)
            .Nats(24, 30, "n001", atMs: 24 * Phase, tempo: 66)
            .Fault(FaultKind.Steady, 100, 11_000)
            .JudgeOnly();

        Assert.Equal(0, verdict.TempoViolations);
    }

    [Fact]
    public void A_tempo_change_off_the_downbeat_is_a_violation()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 25, "n001", atMs: 0)
            .Nats(26, 30, "n001", atMs: 26 * Phase, tempo: 66)
            .Fault(FaultKind.Steady, 100, 11_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.TempoViolations);
    }

    [Fact]
    public void A_tempo_change_of_more_than_ten_percent_is_a_violation()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 23, "n001", atMs: 0)
            .Nats(24, 30, "n001", atMs: 24 * Phase, tempo: 67)
            .Fault(FaultKind.Steady, 100, 11_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.TempoViolations);
    }

    [Fact]
    public void A_tempo_change_landing_in_missed_slots_is_judged_by_the_downbeat_between()
    {
        // Slots 22..25 never reached NATS; the change at downbeat 24 (slot 24) lies within the hole.
        var verdict = new HistoryBuilder()
            .Nats(0, 21, "n001", atMs: 0)
            .Nats(26, 30, "n002", atMs: 26 * Phase, tempo: 66)
            .Fault(FaultKind.LeaderKill, 100, 11_000)
            .JudgeOnly();

        Assert.Equal(0, verdict.TempoViolations);
        Assert.Equal(4, verdict.MaxMissedFrames);
    }

    [Fact]
    public void The_gap_runs_from_the_last_frame_before_the_fault_to_the_first_after_it()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(18, 30, "n002", atMs: 10 * Phase + 2_500)
            .Fault(FaultKind.LeaderKill, 10 * Phase + 100, 12_000)
            .JudgeOnly();

        Assert.Equal(2_500, verdict.MaxGapMs, precision: 3);
        Assert.Equal(7, verdict.MaxMissedFrames);
        Assert.Contains(verdict.Failures, f => f.StartsWith("NATS gap 2500.0 ms > 2000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kill_answered_within_two_seconds_meets_its_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(15, 30, "n002", atMs: 10 * Phase + 1_700)
            .Fault(FaultKind.LeaderKill, 10 * Phase + 100, 10_500)
            .JudgeOnly();

        Assert.Empty(verdict.Failures);
    }

    [Fact]
    public void A_graceful_stop_may_lose_at_most_one_frame()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(13, 30, "n002", atMs: 13 * Phase)
            .Fault(FaultKind.GracefulStop, 10 * Phase + 50, 11_000)
            .JudgeOnly();

        Assert.Equal(2, verdict.MaxMissedFrames);
        Assert.Contains(verdict.Failures, f => f.StartsWith("NATS gap", StringComparison.Ordinal));
    }

    [Fact]
    public void A_silence_running_to_the_end_of_the_window_counts_as_a_gap()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Fault(FaultKind.LeaderKill, 10 * Phase + 100, 10 * Phase + 5_000)
            .JudgeOnly();

        Assert.Equal(5_000, verdict.MaxGapMs, precision: 3);
    }

    [Fact]
    public void A_surviving_node_that_skips_a_slot_fails_the_local_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 30, "n001", atMs: 0)
            .Local("chaos-n002", 0, 12, atMs: 5)
            .Local("chaos-n002", 14, 30, atMs: 5 + 14 * Phase)
            .Fault(FaultKind.LeaderKill, 1_000, 10_000, "chaos-n002")
            .JudgeOnly();

        Assert.Equal(1, verdict.LocalSkips);
        Assert.Contains(verdict.Failures, f => f.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_that_did_not_survive_the_fault_is_not_held_to_the_local_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 30, "n001", atMs: 0)
            .Local("chaos-n002", 0, 30, atMs: 5)
            .Local("chaos-n001", 0, 5, atMs: 5)
            .Local("chaos-n001", 20, 30, atMs: 5 + 20 * Phase)
            .Fault(FaultKind.LeaderKill, 1_000, 10_000, "chaos-n002")
            .JudgeOnly();

        Assert.Equal(0, verdict.LocalSkips);
        Assert.Empty(verdict.Failures);
    }

    [Fact]
    public void An_acknowledged_tempo_change_missing_at_its_beat_is_lost()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 30, "n001", atMs: 0)
            .Fault(FaultKind.TempoChangeThenKill, 100, 11_000, new TempoPromise(8, 66))
            .JudgeOnly();

        Assert.Equal(1, verdict.TempoChangesLost);
    }

    [Fact]
    public void An_acknowledged_tempo_change_shown_at_its_beat_is_kept()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 23, "n001", atMs: 0)
            .Nats(24, 30, "n002", atMs: 24 * Phase, tempo: 66)
            .Fault(FaultKind.TempoChangeThenKill, 100, 11_000, new TempoPromise(8, 66))
            .JudgeOnly();

        Assert.Equal(0, verdict.TempoChangesLost);
    }

    [Fact]
    public void Every_change_of_emitter_within_the_window_is_a_leader_change()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(15, 20, "n002", atMs: 15 * Phase)
            .Nats(21, 30, "n003", atMs: 21 * Phase)
            .Fault(FaultKind.LeaderKill, 10 * Phase + 100, 11_000)
            .JudgeOnly();

        Assert.Equal(2, verdict.LeaderChanges);
    }

    [Fact]
    public void A_paused_leader_replaced_within_two_seconds_meets_its_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(15, 40, "n002", atMs: 10 * Phase + 1_700)
            .Fault(FaultKind.LeaderPause, 10 * Phase + 100, 14_000, "chaos-n002")
            .Local("chaos-n002", 0, 40, atMs: 5)
            .JudgeOnly();

        Assert.Empty(verdict.Failures);
        Assert.Equal(1, verdict.LeaderChanges);
    }

    [Fact]
    public void A_paused_leader_replaced_within_the_kill_target_plus_the_acceptable_heartbeat_pause_meets_its_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(17, 60, "n002", atMs: 10 * Phase + 2_400)
            .Fault(FaultKind.LeaderPause, 10 * Phase + 100, 14_000)
            .JudgeOnly();

        Assert.DoesNotContain(verdict.Failures, f => f.StartsWith("NATS gap", StringComparison.Ordinal));
    }

    [Fact]
    public void A_paused_leader_replaced_later_than_that_fails_its_target()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(18, 60, "n002", atMs: 10 * Phase + 2_600)
            .Fault(FaultKind.LeaderPause, 10 * Phase + 100, 14_000)
            .JudgeOnly();

        Assert.Contains(verdict.Failures, f => f.StartsWith("NATS gap 2600.0 ms > 2500 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_woken_zombie_leader_catching_up_the_new_leaders_slots_is_a_dual_emission()
    {
        // n001 froze after slot 10; n002 took over at slot 15. n001 wakes at 4 s and bursts its overdue slots 11..22:
        // 11..14 lie behind what was published, 15..22 were published by n002.
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(15, 30, "n002", atMs: 15 * Phase)
            .Nats(11, 22, "n001", atMs: 4_000 + 10 * Phase)
            .Fault(FaultKind.LeaderPause, 10 * Phase + 100, 14_000)
            .JudgeOnly();

        Assert.Equal(1, verdict.DualEmitters);
        Assert.Equal(8, verdict.Duplicates);
        Assert.Equal(4, verdict.Regressions);
    }

    [Fact]
    public void A_short_pause_the_leader_catches_up_after_meets_its_targets()
    {
        // Frozen 300 ms just after slot 10: slot 11 comes out at the wake-up, late, and the beat goes on.
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .NatsAt(11, "n001", atMs: 10 * Phase + 351)
            .Nats(12, 30, "n001", atMs: 12 * Phase)
            .Local("chaos-n002", 0, 30, atMs: 5)
            .Fault(FaultKind.LeaderShortPause, 10 * Phase + 50, 10_500, "chaos-n002")
            .JudgeOnly();

        Assert.Empty(verdict.Failures);
        Assert.Equal(0, verdict.LeaderChanges);
    }

    [Fact]
    public void A_failover_on_a_short_pause_fails_it()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(11, 30, "n002", atMs: 11 * Phase)
            .Fault(FaultKind.LeaderShortPause, 10 * Phase + 50, 10_500)
            .JudgeOnly();

        Assert.Contains(verdict.Failures, f => f.StartsWith("the emitter changed 1 time(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_slot_the_leader_skips_after_a_short_pause_fails_it_though_the_gap_is_within_one_frame()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(12, 30, "n001", atMs: 12 * Phase)
            .Fault(FaultKind.LeaderShortPause, 10 * Phase + 50, 10_500)
            .JudgeOnly();

        Assert.Equal(1, verdict.MaxMissedFrames);
        Assert.DoesNotContain(verdict.Failures, f => f.StartsWith("NATS gap", StringComparison.Ordinal));
        Assert.Contains(verdict.Failures, f => f.StartsWith("1 slot(s) in a row never reached NATS", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missed_frame_after_a_long_pause_is_no_failure_of_catching_up()
    {
        var verdict = new HistoryBuilder()
            .Nats(0, 10, "n001", atMs: 0)
            .Nats(14, 30, "n002", atMs: 14 * Phase)
            .Fault(FaultKind.LeaderPause, 10 * Phase + 50, 10_500)
            .JudgeOnly();

        Assert.Empty(verdict.Failures);
    }

    [Fact]
    public void Findings_are_charged_to_the_fault_in_whose_window_they_arrived()
    {
        var history = new HistoryBuilder()
            .Nats(0, 30, "n001", atMs: 0)
            .NatsAt(25, "n001", atMs: 25 * Phase + 10)
            .Fault(FaultKind.Steady, 0, 3_000)
            .Fault(FaultKind.BrokerRestart, 3_000, 11_000)
            .Build();

        var results = new HistoryChecker(HistoryBuilder.Shape).Summarize(history);

        Assert.Equal(0, results.Single(r => r.Name == "Steady").Duplicates);
        Assert.Equal(1, results.Single(r => r.Name == "BrokerRestart").Duplicates);
        Assert.False(results.Single(r => r.Name == "BrokerRestart").Passed);
    }
}
