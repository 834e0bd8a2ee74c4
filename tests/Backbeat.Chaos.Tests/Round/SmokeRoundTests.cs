using Backbeat.Chaos.Checking;

namespace Backbeat.Chaos.Tests.Round;

/// <summary>
/// The smoke round of issue 8 as part of the test suite: real processes, a leader killed with SIGKILL, the broker
/// killed and restarted. Each test is one guarantee of SPEC §3 and §6; a failure prints the round's table.
/// </summary>
public sealed class SmokeRoundTests(SmokeRoundFixture round) : IClassFixture<SmokeRoundFixture>
{
    [Fact]
    public void The_round_runs_every_planned_fault_to_the_end()
    {
        Assert.True(round.Report.Aborted is null, round.Table);
        Assert.Equal(1, round.Scenario("leader-kill").Runs);
        Assert.Equal(1, round.Scenario("broker-restart").Runs);
    }

    [Fact]
    public void Every_frame_on_nats_and_on_the_streams_is_a_readable_beat_frame()
    {
        Assert.True(round.Report.UnreadableFrames == 0, round.Table);
    }

    [Fact]
    public void No_slot_is_published_twice_on_nats()
    {
        Assert.True(round.Report.Scenarios.All(s => s.Duplicates == 0), round.Table);
    }

    [Fact]
    public void Beat_index_never_goes_back_on_nats()
    {
        Assert.True(round.Report.Scenarios.All(s => s.Regressions == 0), round.Table);
    }

    [Fact]
    public void Never_two_emitters_publish_on_nats()
    {
        Assert.True(round.Report.Scenarios.All(s => s.DualEmitters == 0), round.Table);
    }

    [Fact]
    public void Nats_carries_frames_again_within_the_failover_bound_after_a_leader_kill()
    {
        // The 2 s target is graded in the round's table (met or missed by a few milliseconds: see README, Failover
        // timing); this guards a bound with room for a busy machine, so failover cannot get slower unnoticed.
        Assert.True(round.Scenario("leader-kill").MaxGapMs <= ChaosTargets.KillGapBoundMs, round.Table);
    }
}
