using Backbeat.Timing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Backbeat.Tests.Timing.TimelineBuilder;

namespace Backbeat.Tests.Timing;

/// <summary>A current tempo with at most five decimal places, so that ±10% of it is itself a valid tempo.</summary>
public sealed record FiveDecimalTempo(decimal Bpm);

/// <summary>Any tempo a timeline can run at (up to six decimal places).</summary>
public sealed record SixDecimalTempo(decimal Bpm);

public static class TempoArbitraries
{
    public static Arbitrary<FiveDecimalTempo> FiveDecimalTempos() =>
        Arb.From(TimelineGenerators.TempoWithDecimalPlaces(5).Select(t => new FiveDecimalTempo(t)));

    public static Arbitrary<SixDecimalTempo> SixDecimalTempos() =>
        Arb.From(TimelineGenerators.Tempo.Select(t => new SixDecimalTempo(t)));
}

/// <summary>REQ-004: which tempo requests are accepted, and why the others are not.</summary>
[Properties(Arbitrary = new[] { typeof(TempoArbitraries) })]
public sealed class TempoRulesTests
{
    private const decimal Hair = 0.000001m;

    /// <summary>The SPEC §9 default limits.</summary>
    private static readonly TempoRules Rules = new(minBpm: 4, maxBpm: 24);

    /// <summary>Limits wide enough that only the 10% rule can refuse.</summary>
    private static readonly TempoRules Unbounded = new(minBpm: Hair, maxBpm: 1_000_000);

    [Fact]
    public void A_tempo_within_the_limits_and_the_step_is_accepted()
    {
        Assert.Equal(TempoDecision.Accept(), Rules.Evaluate(currentBpm: 12, requestedBpm: 12.5m));
    }

    [Theory]
    [InlineData("4.2", "4")]
    [InlineData("23", "24")]
    public void The_limits_themselves_are_allowed(string current, string requested)
    {
        Assert.True(Rules.Evaluate(Bpm(current), Bpm(requested)).Accepted);
    }

    [Theory]
    [InlineData("4.2", "3.9")]
    [InlineData("23", "24.5")]
    public void A_tempo_outside_the_limits_is_refused_with_the_tempo_and_the_limits(string current, string requested)
    {
        var decision = Rules.Evaluate(Bpm(current), Bpm(requested));

        Assert.False(decision.Accepted);
        Assert.Equal($"{requested} BPM is outside the allowed range [4, 24] BPM", decision.Reason);
    }

    [Theory]
    [InlineData("13.2")]
    [InlineData("10.8")]
    public void A_step_of_exactly_ten_percent_is_accepted(string requested)
    {
        Assert.True(Rules.Evaluate(12, Bpm(requested)).Accepted);
    }

    [Property]
    public void A_step_of_exactly_ten_percent_up_or_down_is_accepted_from_any_tempo(FiveDecimalTempo current)
    {
        Assert.True(Unbounded.Evaluate(current.Bpm, current.Bpm * 1.1m).Accepted);
        Assert.True(Unbounded.Evaluate(current.Bpm, current.Bpm * 0.9m).Accepted);
    }

    [Property]
    public void A_millionth_of_a_bpm_beyond_ten_percent_is_refused_from_any_tempo(FiveDecimalTempo current)
    {
        Assert.False(Unbounded.Evaluate(current.Bpm, current.Bpm * 1.1m + Hair).Accepted);
        Assert.False(Unbounded.Evaluate(current.Bpm, current.Bpm * 0.9m - Hair).Accepted);
    }

    [Theory]
    [InlineData("13.200001")]
    [InlineData("10.799999")]
    public void A_step_a_hair_over_ten_percent_is_refused_naming_the_tempos_and_what_is_allowed(string requested)
    {
        var decision = Rules.Evaluate(12, Bpm(requested));

        Assert.False(decision.Accepted);
        Assert.Contains($"{requested} BPM", decision.Reason);
        Assert.Contains("current 12 BPM", decision.Reason);
        Assert.Contains("between 10.8 and 13.2 BPM", decision.Reason);
    }

    [Fact]
    public void A_refusal_a_hair_over_ten_percent_does_not_call_the_step_ten_percent()
    {
        var reason = Rules.Evaluate(12, 13.200001m).Reason;

        Assert.DoesNotContain("by 10%", reason);
        Assert.Contains("more than 10%", reason);
    }

    [Fact]
    public void A_large_step_is_refused_naming_its_size()
    {
        var reason = Rules.Evaluate(12, 18).Reason;

        Assert.Equal("18 BPM differs from the current 12 BPM by 50%; a change may be at most 10%, so between 10.8 and 13.2 BPM", reason);
    }

    [Theory]
    [InlineData("0", "tempo must be positive, got 0")]
    [InlineData("-12", "tempo must be positive, got -12")]
    [InlineData("12.0000001", "tempo 12.0000001 has more than 6 decimal places")]
    public void A_tempo_that_cannot_drive_a_timeline_is_refused_with_the_value(string requested, string reason)
    {
        Assert.Equal(TempoDecision.Refuse(reason), Rules.Evaluate(12, Bpm(requested)));
    }

    [Fact]
    public void The_tempo_in_force_not_a_pending_one_is_the_basis_of_the_step()
    {
        var timeline = ATimeline().AtTempo(12).WithBar(8).Build();
        var now = timeline.Slot(2, 0).Start;
        var withPending = timeline.WithTempoChange(now, 13.2m, TimeSpan.Zero);

        var current = withPending.TempoAt(now);
        var decision = Rules.Evaluate(current, 14.5m);

        Assert.Equal(13.2m, withPending.PendingAt(now)!.TempoBpm);
        Assert.Equal(12m, current);
        Assert.False(decision.Accepted);
        Assert.Contains("current 12 BPM", decision.Reason);
    }

    [Theory]
    [InlineData("12", "10.8", "13.2")]
    [InlineData("4.2", "4", "4.62")]
    [InlineData("23", "20.7", "24")]
    public void The_allowed_step_is_ten_percent_either_way_clipped_to_the_limits(string current, string low, string high)
    {
        Assert.Equal((Bpm(low), Bpm(high)), Rules.AllowedStep(Bpm(current)));
    }

    [Property]
    public void Both_ends_of_the_allowed_step_are_accepted(SixDecimalTempo current)
    {
        var (low, high) = Unbounded.AllowedStep(current.Bpm);

        Assert.True(Unbounded.Evaluate(current.Bpm, low).Accepted, Unbounded.Evaluate(current.Bpm, low).Reason);
        Assert.True(Unbounded.Evaluate(current.Bpm, high).Accepted, Unbounded.Evaluate(current.Bpm, high).Reason);
    }

    [Theory]
    [InlineData("0", "24")]
    [InlineData("30", "24")]
    public void Limits_must_be_positive_and_in_order(string min, string max)
    {
        var error = Assert.Throws<ArgumentException>(() => new TempoRules(Bpm(min), Bpm(max)));

        Assert.Contains($"[{min}, {max}]", error.Message);
    }

    private static decimal Bpm(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
