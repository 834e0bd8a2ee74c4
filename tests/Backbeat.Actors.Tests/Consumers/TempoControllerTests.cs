using Backbeat.Consumers;
using Backbeat.Timing;
using FsCheck.Xunit;

namespace Backbeat.Tests.Consumers;

public sealed class TempoControllerTests
{
    private static readonly TempoRules Rules = new(4, 24);

    private static TempoController NewController(TempoControllerOptions? options = null) =>
        new(options ?? new TempoControllerOptions(), Rules);

    private static WindowObservation Window(decimal tempo, double missRate = 0, double completion = 1, int claims = 30, string id = "w") =>
        new(id, tempo, claims, completion, missRate);

    private static WindowObservation Missing(decimal tempo) => Window(tempo, missRate: 0.20, completion: 0.80);

    private static WindowObservation Healthy(decimal tempo) => Window(tempo, missRate: 0, completion: 1);

    private static WindowObservation InBand(decimal tempo) => Window(tempo, missRate: 0.03, completion: 0.95);

    [Fact]
    public void One_window_with_many_misses_does_not_slow_down()
    {
        var controller = NewController();

        Assert.IsType<HoldTempo>(controller.Observe(Missing(12), 12, changePending: false));
        Assert.Equal(1, controller.SlowStreak);
    }

    [Fact]
    public void Consecutive_windows_with_many_misses_slow_down_by_the_step()
    {
        var controller = NewController();
        controller.Observe(Missing(12), 12, false);

        var change = Assert.IsType<ChangeTempo>(controller.Observe(Missing(12), 12, false));

        Assert.Equal(10.8m, change.TempoBpm);
    }

    [Fact]
    public void The_justification_names_the_reason_and_the_change()
    {
        var controller = NewController();
        controller.Observe(Missing(12), 12, false);

        var change = Assert.IsType<ChangeTempo>(controller.Observe(Window(12, 0.2, 0.8, id: "abc"), 12, false));

        Assert.StartsWith("adaptive tempo: deadline-miss rate 20% above 5% for 2 consecutive windows (last abc)", change.Reason);
        Assert.EndsWith("12 → 10.8 BPM", change.Reason);
    }

    [Fact]
    public void Consecutive_healthy_windows_speed_up_by_the_step()
    {
        var controller = NewController();
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<HoldTempo>(controller.Observe(Healthy(12), 12, false));
        }

        var change = Assert.IsType<ChangeTempo>(controller.Observe(Healthy(12), 12, false));

        Assert.Equal(12.6m, change.TempoBpm);
        Assert.Contains("completion rate 100% at or above 98% for 4 consecutive windows", change.Reason);
    }

    [Fact]
    public void A_window_in_the_band_between_thresholds_resets_both_streaks()
    {
        var controller = NewController();
        controller.Observe(Missing(12), 12, false);

        Assert.IsType<HoldTempo>(controller.Observe(InBand(12), 12, false));
        Assert.IsType<HoldTempo>(controller.Observe(Missing(12), 12, false));
        Assert.Equal(1, controller.SlowStreak);
    }

    [Fact]
    public void A_healthy_window_breaks_a_slow_streak()
    {
        var controller = NewController();
        controller.Observe(Missing(12), 12, false);
        controller.Observe(Healthy(12), 12, false);

        Assert.IsType<HoldTempo>(controller.Observe(Missing(12), 12, false));
    }

    [Fact]
    public void After_a_change_it_waits_out_the_cooldown()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, CooldownWindows = 2 });
        Assert.IsType<ChangeTempo>(controller.Observe(Missing(12), 12, false));

        Assert.IsType<HoldTempo>(controller.Observe(Missing(10.8m), 10.8m, false));
        Assert.IsType<HoldTempo>(controller.Observe(Missing(10.8m), 10.8m, false));
        Assert.IsType<ChangeTempo>(controller.Observe(Missing(10.8m), 10.8m, false));
    }

    [Fact]
    public void A_change_the_leader_did_not_make_owes_no_cooldown()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, CooldownWindows = 5 });
        controller.Observe(Missing(12), 12, false);

        controller.ChangeNotMade();

        Assert.IsType<ChangeTempo>(controller.Observe(Missing(12), 12, false));
    }

    [Fact]
    public void Nothing_changes_while_a_change_is_pending()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Missing(12), 12, changePending: true));

        Assert.Contains("already pending", hold.Reason);
    }

    [Fact]
    public void A_window_that_ran_at_another_tempo_is_not_evidence()
    {
        var controller = NewController();
        controller.Observe(Missing(12), 12, false);

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Missing(11), 12, false));

        Assert.Contains("ran at 11 BPM", hold.Reason);
        Assert.Equal(0, controller.SlowStreak);
    }

    [Fact]
    public void A_window_of_unknown_tempo_is_not_evidence()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(new WindowObservation("w", null, 30, 0.5, 0.5), 12, false));

        Assert.Contains("an unknown tempo", hold.Reason);
    }

    [Fact]
    public void A_window_with_too_few_claims_is_not_evidence()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, MinClaims = 5 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Window(12, missRate: 1, completion: 0, claims: 4), 12, false));

        Assert.Contains("4 claims, fewer than the 5 needed", hold.Reason);
    }

    [Fact]
    public void A_window_without_rates_is_not_evidence()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, MinClaims = 1 });

        Assert.IsType<HoldTempo>(controller.Observe(new WindowObservation("w", 12, 3, null, null), 12, false));
    }

    [Fact]
    public void Slowing_down_stops_at_the_cluster_minimum()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1 });

        var change = Assert.IsType<ChangeTempo>(controller.Observe(Missing(4.2m), 4.2m, false));

        Assert.Equal(4m, change.TempoBpm);
    }

    [Fact]
    public void At_the_minimum_it_holds_and_says_so()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Missing(4), 4, false));

        Assert.Contains("already at or below the floor of 4 BPM", hold.Reason);
    }

    [Fact]
    public void Speeding_up_stops_at_the_controller_ceiling()
    {
        var controller = NewController(new TempoControllerOptions { SpeedUpAfterWindows = 1, MaxBpm = 12.3m });

        var change = Assert.IsType<ChangeTempo>(controller.Observe(Healthy(12), 12, false));

        Assert.Equal(12.3m, change.TempoBpm);
    }

    [Fact]
    public void At_the_ceiling_it_holds_and_says_so()
    {
        var controller = NewController(new TempoControllerOptions { SpeedUpAfterWindows = 1 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Healthy(24), 24, false));

        Assert.Contains("already at or above the ceiling of 24 BPM", hold.Reason);
    }

    [Fact]
    public void Below_the_controller_floor_it_never_slows_down_by_speeding_up()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, MinBpm = 6 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Missing(5.5m), 5.5m, false));

        Assert.Contains("already at or below the floor of 6 BPM", hold.Reason);
    }

    [Fact]
    public void Above_the_controller_ceiling_it_never_speeds_up()
    {
        var controller = NewController(new TempoControllerOptions { SpeedUpAfterWindows = 1, MaxBpm = 10 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Healthy(20), 20, false));

        Assert.Contains("already at or above the ceiling of 10 BPM", hold.Reason);
    }

    [Fact]
    public void A_tempo_more_than_a_step_outside_the_controller_range_is_left_to_people()
    {
        var controller = NewController(new TempoControllerOptions { SlowDownAfterWindows = 1, MaxBpm = 10 });

        var hold = Assert.IsType<HoldTempo>(controller.Observe(Missing(20), 20, false));

        Assert.Contains("more than one step outside the controller's range [4, 10] BPM", hold.Reason);
    }

    [Fact]
    public void A_controller_range_outside_the_cluster_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NewController(new TempoControllerOptions { MinBpm = 30, MaxBpm = 40 }));
    }

    [Theory]
    [InlineData(nameof(TempoControllerOptions.SlowDownStep))]
    [InlineData(nameof(TempoControllerOptions.SpeedUpStep))]
    public void A_step_above_ten_percent_is_refused(string name)
    {
        var options = name == nameof(TempoControllerOptions.SlowDownStep)
            ? new TempoControllerOptions { SlowDownStep = 0.11m }
            : new TempoControllerOptions { SpeedUpStep = 0.11m };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NewController(options));

        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData(-0.1, 0.98, 2, 4, 2, 3)]
    [InlineData(0.05, 0, 2, 4, 2, 3)]
    [InlineData(0.05, 0.98, 0, 4, 2, 3)]
    [InlineData(0.05, 0.98, 2, 0, 2, 3)]
    [InlineData(0.05, 0.98, 2, 4, -1, 3)]
    [InlineData(0.05, 0.98, 2, 4, 2, 0)]
    public void Nonsense_thresholds_are_refused(double miss, double completion, int slowAfter, int fastAfter, int cooldown, int minClaims)
    {
        var options = new TempoControllerOptions
        {
            SlowDownMissRate = miss,
            SpeedUpCompletionRate = completion,
            SlowDownAfterWindows = slowAfter,
            SpeedUpAfterWindows = fastAfter,
            CooldownWindows = cooldown,
            MinClaims = minClaims,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => NewController(options));
    }

    [Fact]
    public void A_sustained_overload_walks_the_tempo_down_without_oscillating()
    {
        // Misses until the tempo is at most 9 BPM, healthy below: the controller must come down and stay down.
        var controller = NewController();
        var tempo = 12m;
        var tempos = new List<decimal> { tempo };
        for (var window = 0; window < 60; window++)
        {
            var observation = tempo > 9 ? Missing(tempo) : InBand(tempo);
            if (controller.Observe(observation, tempo, false) is ChangeTempo change)
            {
                tempo = change.TempoBpm;
                tempos.Add(tempo);
            }
        }

        Assert.True(tempos.Zip(tempos.Skip(1)).All(p => p.Second < p.First), string.Join(" → ", tempos));
        Assert.InRange(tempo, 8.1m, 9m);
    }

    [Fact]
    public void Between_two_alternating_regimes_changes_are_spaced_by_streak_and_cooldown()
    {
        var options = new TempoControllerOptions();
        var controller = NewController(options);
        var tempo = 12m;
        var changesAt = new List<int>();
        for (var window = 0; window < 200; window++)
        {
            // Too fast above 12 BPM, comfortable at or below: the worst case for oscillation.
            var observation = tempo > 12 ? Missing(tempo) : Healthy(tempo);
            if (controller.Observe(observation, tempo, false) is ChangeTempo change)
            {
                tempo = change.TempoBpm;
                changesAt.Add(window);
            }
        }

        var minimumGap = options.CooldownWindows + Math.Min(options.SlowDownAfterWindows, options.SpeedUpAfterWindows);
        Assert.All(changesAt.Zip(changesAt.Skip(1)), p => Assert.True(p.Second - p.First >= minimumGap, $"changes at windows {p.First} and {p.Second}"));
    }

    [Property(MaxTest = 300)]
    public bool Every_proposed_change_is_one_the_leader_accepts(byte tempoSeed, bool slow, byte stepSeed)
    {
        var current = 4m + tempoSeed * 20m / 255m;
        current = Math.Round(current, 6);
        var step = 0.01m + stepSeed % 10 * 0.01m;
        var controller = NewController(new TempoControllerOptions
        {
            SlowDownAfterWindows = 1,
            SpeedUpAfterWindows = 1,
            SlowDownStep = step,
            SpeedUpStep = step,
        });

        var advice = controller.Observe(slow ? Missing(current) : Healthy(current), current, false);

        return advice is HoldTempo || (advice is ChangeTempo change
            && Rules.Evaluate(current, change.TempoBpm).Accepted
            && (slow ? change.TempoBpm < current : change.TempoBpm > current));
    }
}
