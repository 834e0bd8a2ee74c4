using Backbeat.Consumers;
using Backbeat.Timing;
using FsCheck.Xunit;

namespace Backbeat.Tests.Consumers;

/// <summary>
/// Whatever windows the controller is shown and however it is configured, what it proposes is a change REQ-004 allows,
/// in the direction its reason gives, and never sooner than its hysteresis allows. Each case is a seeded random run in
/// which the leader applies every proposal at once.
/// </summary>
[Properties(MaxTest = 200)]
public sealed class TempoControllerProperties
{
    private static readonly TempoRules Rules = new(4, 24);

    private sealed record Change(int Window, decimal From, decimal To, string Reason);

    private static (TempoControllerOptions Options, List<Change> Changes) Run(int seed)
    {
        var random = new Random(seed);
        var options = new TempoControllerOptions
        {
            SlowDownMissRate = random.Next(0, 20) / 100.0,
            SpeedUpCompletionRate = random.Next(80, 101) / 100.0,
            SlowDownAfterWindows = random.Next(1, 4),
            SpeedUpAfterWindows = random.Next(1, 6),
            SlowDownStep = random.Next(1, 11) / 100m,
            SpeedUpStep = random.Next(1, 11) / 100m,
            CooldownWindows = random.Next(0, 4),
            MinClaims = random.Next(1, 10),
            MinBpm = random.NextDouble() < 0.3 ? 6 : null,
            MaxBpm = random.NextDouble() < 0.3 ? 18 : null,
        };
        var controller = new TempoController(options, Rules);
        var tempo = Math.Round(4 + (decimal)random.NextDouble() * 20, 3);
        var changes = new List<Change>();
        for (var window = 0; window < 150; window++)
        {
            var claims = random.Next(0, 40);
            var late = claims == 0 ? 0 : random.Next(0, claims + 1);
            var failed = claims - late == 0 ? 0 : random.Next(0, (claims - late) / 4 + 1);
            var observed = random.NextDouble() < 0.1 ? tempo * 1.05m : tempo;
            var observation = new WindowObservation(
                $"w{window}",
                observed,
                claims,
                claims == 0 ? null : (double)(claims - late - failed) / claims,
                claims == 0 ? null : (double)late / claims);
            if (controller.Observe(observation, tempo, changePending: random.NextDouble() < 0.05) is ChangeTempo change)
            {
                changes.Add(new Change(window, tempo, change.TempoBpm, change.Reason));
                tempo = change.TempoBpm;
            }
        }

        return (options, changes);
    }

    [Property]
    public void Every_change_is_one_the_leader_accepts(int seed)
    {
        var (_, changes) = Run(seed);

        Assert.All(changes, c => Assert.True(Rules.Evaluate(c.From, c.To).Accepted, $"{c.From} → {c.To}: {Rules.Evaluate(c.From, c.To).Reason}"));
    }

    [Property]
    public void Every_change_stays_inside_the_controller_range(int seed)
    {
        var (options, changes) = Run(seed);

        Assert.All(changes, c => Assert.InRange(c.To, options.MinBpm ?? Rules.MinBpm, options.MaxBpm ?? Rules.MaxBpm));
    }

    [Property]
    public void Every_change_moves_the_way_its_reason_says(int seed)
    {
        var (_, changes) = Run(seed);

        Assert.All(changes, c =>
        {
            Assert.StartsWith("adaptive tempo: ", c.Reason);
            if (c.Reason.Contains("deadline-miss rate"))
            {
                Assert.True(c.To < c.From, $"{c.From} → {c.To}: {c.Reason}");
            }
            else
            {
                Assert.Contains("completion rate", c.Reason);
                Assert.True(c.To > c.From, $"{c.From} → {c.To}: {c.Reason}");
            }
        });
    }

    [Property]
    public void Changes_are_spaced_by_the_cooldown_and_the_shorter_streak(int seed)
    {
        var (options, changes) = Run(seed);

        var gap = options.CooldownWindows + Math.Min(options.SlowDownAfterWindows, options.SpeedUpAfterWindows);
        Assert.All(changes.Zip(changes.Skip(1)), p => Assert.True(p.Second.Window - p.First.Window >= gap, $"changes at windows {p.First.Window} and {p.Second.Window}, gap {gap}"));
    }
}
