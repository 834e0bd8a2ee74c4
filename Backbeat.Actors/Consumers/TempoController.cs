using System.Globalization;
using Backbeat.Timing;

namespace Backbeat.Consumers;

/// <summary>
/// Adaptive tempo in the spirit of the tempo guide: slow down while too many deadlines are missed, speed up while
/// nearly everything completes. It never proposes what REQ-004 would refuse (more than 10% a step, outside
/// [min, max]; checked with <see cref="TempoRules"/>), and it damps itself: a direction needs several windows in a
/// row, the band between the thresholds resets both, windows that ran at another tempo or with a change pending
/// are not evidence, and after each change it waits out a cooldown. Pure: the caller feeds it windows in order.
/// </summary>
public sealed class TempoController
{
    private const int TempoDecimals = 3;

    private readonly TempoControllerOptions _options;
    private readonly TempoRules _rules;
    private readonly decimal _floor;
    private readonly decimal _ceiling;
    private int _slowStreak;
    private int _fastStreak;
    private int _cooldown;

    public TempoController(TempoControllerOptions options, TempoRules rules)
    {
        _options = options.Validated();
        _rules = rules;
        _floor = Math.Max(rules.MinBpm, options.MinBpm ?? rules.MinBpm);
        _ceiling = Math.Min(rules.MaxBpm, options.MaxBpm ?? rules.MaxBpm);
        if (_floor > _ceiling)
        {
            throw new ArgumentException($"the controller's range [{Tempo.Format(_floor)}, {Tempo.Format(_ceiling)}] BPM lies outside the cluster's [{Tempo.Format(rules.MinBpm)}, {Tempo.Format(rules.MaxBpm)}] BPM");
        }
    }

    public int SlowStreak => _slowStreak;

    public int FastStreak => _fastStreak;

    public int CooldownLeft => _cooldown;

    /// <summary>Weighs one closed window against the tempo in force now.</summary>
    /// <param name="changePending">Whether the leader already has a change waiting for its downbeat.</param>
    public TempoAdvice Observe(WindowObservation window, decimal currentBpm, bool changePending)
    {
        if (_cooldown > 0)
        {
            _cooldown--;
            ResetStreaks();
            return new HoldTempo($"cooling down after the last change ({_cooldown} more windows)");
        }

        if (changePending)
        {
            ResetStreaks();
            return new HoldTempo("a tempo change is already pending");
        }

        if (window.TempoBpm is not { } windowBpm || windowBpm != currentBpm)
        {
            ResetStreaks();
            return new HoldTempo($"window {window.WindowId} ran at {Describe(window.TempoBpm)}, the tempo is now {Tempo.Format(currentBpm)} BPM");
        }

        if (window.Claims < _options.MinClaims || window.DeadlineMissRate is not { } missRate || window.CompletionRate is not { } completion)
        {
            ResetStreaks();
            return new HoldTempo($"window {window.WindowId} has {window.Claims} claims, fewer than the {_options.MinClaims} needed");
        }

        if (missRate > _options.SlowDownMissRate)
        {
            _fastStreak = 0;
            _slowStreak++;
            if (_slowStreak < _options.SlowDownAfterWindows)
            {
                return new HoldTempo($"deadline-miss rate {Percent(missRate)} above {Percent(_options.SlowDownMissRate)} in {_slowStreak} of {_options.SlowDownAfterWindows} windows");
            }

            var target = Math.Round(currentBpm * (1 - _options.SlowDownStep), TempoDecimals, MidpointRounding.ToPositiveInfinity);
            return Propose(currentBpm, target, $"deadline-miss rate {Percent(missRate)} above {Percent(_options.SlowDownMissRate)} for {_slowStreak} consecutive windows (last {window.WindowId})", slower: true);
        }

        if (completion >= _options.SpeedUpCompletionRate)
        {
            _slowStreak = 0;
            _fastStreak++;
            if (_fastStreak < _options.SpeedUpAfterWindows)
            {
                return new HoldTempo($"completion rate {Percent(completion)} at or above {Percent(_options.SpeedUpCompletionRate)} in {_fastStreak} of {_options.SpeedUpAfterWindows} windows");
            }

            var target = Math.Round(currentBpm * (1 + _options.SpeedUpStep), TempoDecimals, MidpointRounding.ToNegativeInfinity);
            return Propose(currentBpm, target, $"completion rate {Percent(completion)} at or above {Percent(_options.SpeedUpCompletionRate)} for {_fastStreak} consecutive windows (last {window.WindowId})", slower: false);
        }

        ResetStreaks();
        return new HoldTempo($"window {window.WindowId} is within bounds (deadline-miss rate {Percent(missRate)}, completion rate {Percent(completion)})");
    }

    /// <summary>The leader did not take the proposed change: no cooldown is owed for a change that did not happen.</summary>
    public void ChangeNotMade() => _cooldown = 0;

    private TempoAdvice Propose(decimal currentBpm, decimal target, string why, bool slower)
    {
        ResetStreaks();
        if (slower ? currentBpm <= _floor : currentBpm >= _ceiling)
        {
            var bound = slower ? $"at or below the floor of {Tempo.Format(_floor)} BPM" : $"at or above the ceiling of {Tempo.Format(_ceiling)} BPM";
            return new HoldTempo($"{why}, but the tempo is already {bound}");
        }

        // Rounding may leave the target a hair outside one step of a tempo with many decimals; the step's ends are safe.
        var (low, high) = _rules.AllowedStep(currentBpm);
        var (lowest, highest) = (Math.Max(low, _floor), Math.Min(high, _ceiling));
        if (lowest > highest)
        {
            return new HoldTempo($"{why}, but the tempo {Tempo.Format(currentBpm)} BPM is more than one step outside the controller's range [{Tempo.Format(_floor)}, {Tempo.Format(_ceiling)}] BPM");
        }

        target = Tempo.Normalize(Math.Clamp(target, lowest, highest));
        if (slower ? target >= currentBpm : target <= currentBpm)
        {
            return new HoldTempo($"{why}, but one step inside the controller's range [{Tempo.Format(_floor)}, {Tempo.Format(_ceiling)}] BPM does not go that way from {Tempo.Format(currentBpm)} BPM");
        }

        var decision = _rules.Evaluate(currentBpm, target);
        if (!decision.Accepted)
        {
            return new HoldTempo($"{why}, but {Tempo.Format(target)} BPM would be refused: {decision.Reason}");
        }

        _cooldown = _options.CooldownWindows;
        return new ChangeTempo(target, $"adaptive tempo: {why}; {Tempo.Format(currentBpm)} → {Tempo.Format(target)} BPM");
    }

    private void ResetStreaks()
    {
        _slowStreak = 0;
        _fastStreak = 0;
    }

    private static string Describe(decimal? bpm) => bpm is { } value ? $"{Tempo.Format(value)} BPM" : "an unknown tempo";

    private static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
