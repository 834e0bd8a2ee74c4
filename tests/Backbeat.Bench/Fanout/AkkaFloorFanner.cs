using System.Diagnostics;
using Akka.Actor;
using Backbeat.Clocks;
using Backbeat.Contracts;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// The bare-Akka baseline of the fan-out: a plain actor, woken by its own <see cref="PrecisionTimer"/> at a frame's
/// instant plus an offset, tells a <see cref="Beat"/> to each of its probes exactly as the follower does (a loop over a
/// <see cref="HashSet{T}"/> of subscribers, one <c>Tell</c> each, from inside an actor) and nothing else: no leader,
/// no pub-sub, no ledger. What it takes from first to last probe is what Akka's own Tell and mailbox runs cost on
/// this machine at that moment; the follower's first-to-last set against it is what Backbeat adds.
/// </summary>
internal sealed class AkkaFloorFanner : ReceiveActor
{
    private readonly HashSet<IActorRef> _probes;
    private readonly Timeline _timeline;
    private readonly TimeSpan _offset;
    private readonly long _last;
    private readonly TellLoopLog _log;
    private readonly PrecisionTimer _timer;

    public AkkaFloorFanner(IEnumerable<IActorRef> probes, Timeline timeline, TimeSpan offset, long start, long last, TellLoopLog log)
    {
        _probes = [.. probes];
        _timeline = timeline;
        _offset = offset;
        _last = last;
        _log = log;
        var self = Self;
        _timer = new PrecisionTimer("bench-akka-floor", (ordinal, _, _) => self.Tell(new FanOut(ordinal)));
        Receive<FanOut>(HandleFanOut);
        _timer.Schedule(DueOf(start), start);
    }

    /// <summary>When the baseline fans out frame <paramref name="ordinal"/>: its timeline instant plus the offset.</summary>
    public DateTimeOffset DueOf(long ordinal) => _timeline.InstantOf(ordinal) + _offset;

    /// <param name="start">The first frame to fan out (before the measured window, to warm up), up to <paramref name="last"/>.</param>
    public static Props Props(IEnumerable<IActorRef> probes, Timeline timeline, TimeSpan offset, long start, long last, TellLoopLog log) =>
        Akka.Actor.Props.Create(() => new AkkaFloorFanner(probes, timeline, offset, start, last, log));

    protected override void PostStop()
    {
        _timer.Dispose();
        base.PostStop();
    }

    private void HandleFanOut(FanOut fanOut)
    {
        var beat = new Beat(FrameOf(fanOut.Ordinal), BeatOrigin.Local);
        var cpuBefore = ThreadCpuClock.TryRead();
        var started = Stopwatch.GetTimestamp();
        foreach (var probe in _probes)
        {
            probe.Tell(beat);
        }

        _log.Record(fanOut.Ordinal, Stopwatch.GetElapsedTime(started), ThreadCpuClock.TryRead() - cpuBefore);
        if (fanOut.Ordinal < _last)
        {
            _timer.Schedule(DueOf(fanOut.Ordinal + 1), fanOut.Ordinal + 1);
        }
    }

    // Only the beat index and phase matter to the probes (they map a frame back to its ordinal).
    private BeatFrame FrameOf(long ordinal)
    {
        var slot = _timeline.Slot(ordinal);
        return new BeatFrame
        {
            ClusterId = "akka-floor",
            BeatIndex = slot.BeatIndex,
            Downbeat = slot.Downbeat,
            Phase = Configuration.BackbeatOptions.DefaultPhases[slot.Phase],
            Hlc = string.Empty,
            DeadlineAt = slot.Deadline,
            TempoBpm = slot.TempoBpm,
            WindowId = string.Empty,
        };
    }

    public sealed record FanOut(long Ordinal);
}
