using Backbeat.Chaos.Recording;
using Backbeat.Contracts;

namespace Backbeat.Chaos.Checking;

/// <summary>
/// Judges a round's recording against SPEC §3 and §6. Whole-history properties (no slot published twice, never two
/// emitters, slots never going back, tempo changes only on downbeats and within 10%) are checked over every NATS frame
/// in arrival order; each finding is charged to the fault whose window it arrived in. Gaps are measured per fault
/// window: on NATS, and in the local delivery of the nodes that survived the fault.
/// </summary>
public sealed class HistoryChecker
{
    /// <summary>An emitter that hands back to the one it replaced within this time was emitting alongside it.</summary>
    public const double HandBackWindowMs = 5_000;

    private readonly ClockShape _shape;

    public HistoryChecker(ClockShape shape) => _shape = shape;

    public IReadOnlyList<FaultVerdict> Judge(ChaosHistory history)
    {
        var faults = history.Faults.OrderBy(f => f.InjectedMs).ToList();
        var verdicts = faults.Select(f => new FaultVerdict(f)).ToList();
        if (verdicts.Count == 0)
        {
            return verdicts;
        }

        var nats = history.Nats.OrderBy(b => b.ReceivedMs).ToList();
        CheckPublication(nats, verdicts);
        CheckTempo(nats, verdicts);
        foreach (var verdict in verdicts)
        {
            MeasureGaps(nats, history.Local, verdict);
            CheckPromise(nats, verdict);
            ApplyTargets(verdict);
        }

        return verdicts;
    }

    public IReadOnlyList<ScenarioResult> Summarize(ChaosHistory history) => Summarize(Judge(history));

    public static IReadOnlyList<ScenarioResult> Summarize(IReadOnlyList<FaultVerdict> verdicts) =>
        verdicts
            .GroupBy(v => v.Fault.Scenario)
            .Select(g => new ScenarioResult
            {
                Name = g.Key,
                Runs = g.Count(),
                Duplicates = g.Sum(v => v.Duplicates),
                Regressions = g.Sum(v => v.Regressions),
                DualEmitters = g.Sum(v => v.DualEmitters),
                LeaderChanges = g.Sum(v => v.LeaderChanges),
                MaxGapMs = Math.Round(g.Max(v => v.MaxGapMs)),
                MaxLocalGapMs = Math.Round(g.Max(v => v.MaxLocalGapMs)),
                GapTargetsMs = g.Select(v => ChaosTargets.NatsGapMs(v.Fault, v.PhaseMs)).OfType<double>().Select(t => Math.Round(t)).Distinct().Order().ToList(),
                LocalGapTargetMs = Math.Round(g.Min(v => ChaosTargets.LocalGapMs(v.PhaseMs))),
                MaxMissedFrames = g.Max(v => v.MaxMissedFrames),
                TempoViolations = g.Sum(v => v.TempoViolations),
                TempoChangesLost = g.Sum(v => v.TempoChangesLost),
                LocalSkips = g.Sum(v => v.LocalSkips),
                LocalRepeats = g.Sum(v => v.LocalRepeats),
                Passed = g.All(v => v.Failures.Count == 0),
                Failures = g.SelectMany(v => v.Failures.Select(f => $"run {v.Fault.Run}: {f}")).ToList(),
            })
            .ToList();

    /// <summary>The suffix of the emitter's HLC: the last four characters of its node id.</summary>
    public static string EmitterOf(BeatFrame frame)
    {
        var colon = frame.Hlc.LastIndexOf(':');
        return colon < 0 ? frame.Hlc : frame.Hlc[(colon + 1)..];
    }

    private void CheckPublication(List<NatsBeat> nats, List<FaultVerdict> verdicts)
    {
        var emittersBySlot = new Dictionary<long, HashSet<string>>();
        var overlapSeenAt = new Dictionary<(string, string), double>();
        var highest = long.MinValue;
        string? current = null;
        string? replaced = null;
        var replacedAt = double.NegativeInfinity;
        foreach (var beat in nats)
        {
            var verdict = VerdictAt(verdicts, beat.ReceivedMs);
            var ordinal = _shape.Ordinal(beat.Frame);
            var emitter = EmitterOf(beat.Frame);
            string? overlapWith = null;
            if (emittersBySlot.TryGetValue(ordinal, out var emitters))
            {
                Charge(verdict, v => v.Duplicates++);
                if (emitters.Add(emitter))
                {
                    overlapWith = emitters.First(e => e != emitter);
                }
            }
            else
            {
                emittersBySlot[ordinal] = [emitter];
                if (ordinal < highest)
                {
                    Charge(verdict, v => v.Regressions++);
                }
            }

            if (current is not null && emitter != current)
            {
                if (emitter == replaced && beat.ReceivedMs - replacedAt < HandBackWindowMs)
                {
                    overlapWith ??= current;
                }

                replaced = current;
                replacedAt = beat.ReceivedMs;
            }

            // One overlap of two emitters is counted once, however many of their frames interleave while it lasts.
            if (overlapWith is not null)
            {
                var pair = string.CompareOrdinal(emitter, overlapWith) < 0 ? (emitter, overlapWith) : (overlapWith, emitter);
                if (!overlapSeenAt.TryGetValue(pair, out var seenAt) || beat.ReceivedMs - seenAt >= HandBackWindowMs)
                {
                    Charge(verdict, v => v.DualEmitters++);
                }

                overlapSeenAt[pair] = beat.ReceivedMs;
            }

            current = emitter;
            highest = Math.Max(highest, ordinal);
        }
    }

    private void CheckTempo(List<NatsBeat> nats, List<FaultVerdict> verdicts)
    {
        // Each slot once (its first arrival), in slot order: the tempo the clock ran at, slot by slot.
        var slots = nats
            .GroupBy(b => _shape.Ordinal(b.Frame))
            .Select(g => (Ordinal: g.Key, Beat: g.First()))
            .OrderBy(s => s.Ordinal)
            .ToList();
        for (var i = 1; i < slots.Count; i++)
        {
            var before = slots[i - 1];
            var after = slots[i];
            var from = before.Beat.Frame.TempoBpm;
            var to = after.Beat.Frame.TempoBpm;
            if (from == to)
            {
                continue;
            }

            var verdict = VerdictAt(verdicts, after.Beat.ReceivedMs);
            // Slots may be missing between the two: the change must have had a downbeat start to land on.
            var downbeatBetween = false;
            for (var o = before.Ordinal + 1; o <= after.Ordinal && !downbeatBetween; o++)
            {
                downbeatBetween = _shape.IsDownbeatStart(o);
            }

            if (!downbeatBetween)
            {
                Charge(verdict, v => v.TempoViolations++);
                verdict?.Failures.Add($"tempo {from} -> {to} at beat {after.Beat.Frame.BeatIndex} {after.Beat.Frame.Phase}, not on a downbeat");
            }
            else if (Math.Abs(to - from) / from > 0.10m)
            {
                Charge(verdict, v => v.TempoViolations++);
                verdict?.Failures.Add($"tempo {from} -> {to} at beat {after.Beat.Frame.BeatIndex} changes by more than 10%");
            }
        }
    }

    private void MeasureGaps(List<NatsBeat> nats, IReadOnlyList<LocalBeat> local, FaultVerdict verdict)
    {
        var fault = verdict.Fault;
        var window = nats.Where(b => b.ReceivedMs >= fault.InjectedMs && b.ReceivedMs <= fault.WindowEndMs).ToList();
        var before = nats.LastOrDefault(b => b.ReceivedMs < fault.InjectedMs);
        var withBefore = before is null ? window : [before, .. window];

        var slowest = withBefore.Select(b => b.Frame.TempoBpm).DefaultIfEmpty(0).Min();
        verdict.PhaseMs = slowest > 0 ? _shape.PhaseMs(slowest) : 0;
        verdict.MaxGapMs = LongestSilence(withBefore.Select(b => b.ReceivedMs).ToList(), fault.InjectedMs, fault.WindowEndMs);

        for (var i = 1; i < withBefore.Count; i++)
        {
            if (EmitterOf(withBefore[i].Frame) != EmitterOf(withBefore[i - 1].Frame))
            {
                verdict.LeaderChanges++;
            }
        }

        var ordinals = withBefore.Select(b => _shape.Ordinal(b.Frame)).Distinct().Order().ToList();
        for (var i = 1; i < ordinals.Count; i++)
        {
            verdict.MaxMissedFrames = Math.Max(verdict.MaxMissedFrames, ordinals[i] - ordinals[i - 1] - 1);
        }

        foreach (var survivor in fault.Survivors)
        {
            var delivered = local.Where(b => b.NodeId == survivor).OrderBy(b => b.ReceivedMs).ToList();
            var inWindow = delivered.Where(b => b.ReceivedMs >= fault.InjectedMs && b.ReceivedMs <= fault.WindowEndMs).ToList();
            var last = delivered.LastOrDefault(b => b.ReceivedMs < fault.InjectedMs);
            List<LocalBeat> seen = last is null ? inWindow : [last, .. inWindow];
            verdict.MaxLocalGapMs = Math.Max(verdict.MaxLocalGapMs, LongestSilence(seen.Select(b => b.ReceivedMs).ToList(), fault.InjectedMs, fault.WindowEndMs));
            for (var i = 1; i < seen.Count; i++)
            {
                var step = _shape.Ordinal(seen[i].Frame) - _shape.Ordinal(seen[i - 1].Frame);
                if (step > 1)
                {
                    verdict.LocalSkips += step - 1;
                }
                else if (step < 1)
                {
                    verdict.LocalRepeats++;
                }
            }
        }
    }

    private static double LongestSilence(IReadOnlyList<double> arrivals, double fromMs, double toMs)
    {
        if (arrivals.Count == 0)
        {
            return toMs - fromMs;
        }

        var longest = 0.0;
        for (var i = 1; i < arrivals.Count; i++)
        {
            longest = Math.Max(longest, arrivals[i] - arrivals[i - 1]);
        }

        // Silence running into the end of the window counts too: a leader that never came back is one long gap.
        return Math.Max(longest, toMs - arrivals[^1]);
    }

    private void CheckPromise(List<NatsBeat> nats, FaultVerdict verdict)
    {
        if (verdict.Fault.Tempo is not { } promise)
        {
            return;
        }

        var first = nats.FirstOrDefault(b => b.Frame.BeatIndex == promise.EffectiveBeatIndex);
        if (first is null || first.Frame.TempoBpm != promise.TempoBpm)
        {
            verdict.TempoChangesLost++;
            verdict.Failures.Add(first is null
                ? $"acknowledged tempo {promise.TempoBpm} at beat {promise.EffectiveBeatIndex}: that beat never reached NATS"
                : $"acknowledged tempo {promise.TempoBpm} at beat {promise.EffectiveBeatIndex}: the beat ran at {first.Frame.TempoBpm}");
        }
    }

    private static void ApplyTargets(FaultVerdict verdict)
    {
        verdict.Failures.AddRange(verdict.Fault.Problems ?? []);
        if (verdict.Duplicates > 0)
        {
            verdict.Failures.Add($"{verdict.Duplicates} slot(s) published twice on NATS");
        }

        if (verdict.Regressions > 0)
        {
            verdict.Failures.Add($"{verdict.Regressions} frame(s) went back on NATS");
        }

        if (verdict.DualEmitters > 0)
        {
            verdict.Failures.Add($"{verdict.DualEmitters} time(s) two emitters published");
        }

        if (ChaosTargets.NatsGapMs(verdict.Fault, verdict.PhaseMs) is { } target && verdict.MaxGapMs > target)
        {
            verdict.Failures.Add($"NATS gap {verdict.MaxGapMs:F1} ms > {target:F0} ms");
        }

        if (ChaosTargets.KeepsLeader(verdict.Fault))
        {
            if (verdict.LeaderChanges > 0)
            {
                verdict.Failures.Add($"the emitter changed {verdict.LeaderChanges} time(s) where the leader should have stayed");
            }

            if (verdict.MaxMissedFrames > 0)
            {
                verdict.Failures.Add($"{verdict.MaxMissedFrames} slot(s) in a row never reached NATS where the leader should have caught up");
            }
        }

        var localTarget = ChaosTargets.LocalGapMs(verdict.PhaseMs);
        if (verdict.Fault.Survivors.Count > 0 && verdict.MaxLocalGapMs > localTarget)
        {
            verdict.Failures.Add($"local gap {verdict.MaxLocalGapMs:F1} ms > {localTarget:F0} ms on a surviving node");
        }

        if (verdict.LocalSkips > 0)
        {
            verdict.Failures.Add($"surviving nodes skipped {verdict.LocalSkips} slot(s)");
        }

        if (verdict.LocalRepeats > 0)
        {
            verdict.Failures.Add($"surviving nodes repeated or reordered {verdict.LocalRepeats} slot(s)");
        }
    }

    /// <summary>Frames before the first fault belong to no verdict; the round begins with a steady window so none are lost.</summary>
    private static void Charge(FaultVerdict? verdict, Action<FaultVerdict> count)
    {
        if (verdict is not null)
        {
            count(verdict);
        }
    }

    private static FaultVerdict? VerdictAt(List<FaultVerdict> verdicts, double receivedMs)
    {
        // Charged to the latest fault injected at or before the arrival; frames before any fault belong to none.
        FaultVerdict? found = null;
        foreach (var verdict in verdicts)
        {
            if (verdict.Fault.InjectedMs <= receivedMs)
            {
                found = verdict;
            }
            else
            {
                break;
            }
        }

        return found;
    }
}
