using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Backbeat.Clocks;
using Backbeat.Contracts;
using Backbeat.Metrics;
using Backbeat.Timing;

namespace Backbeat.Pulse;

/// <summary>
/// One per node: relays the leader's frames to local subscribers and, when they stop coming (1.5 phase
/// lengths of silence, or the leader's node unreachable), keeps the beat from the last known timeline
/// (degradation mode, SPEC §6). Local frames go to local subscribers only, marked <see cref="BeatOrigin.Local"/>.
/// When the leader's frames return, the <see cref="DeliveryLedger"/> makes sure no (beat_index, phase) is
/// delivered twice or skipped.
/// </summary>
public sealed class BeatFollower : ReceiveActor
{
    /// <summary>Timer token for the silence watchdog; frame tokens are ordinals (never negative).</summary>
    private const long WatchdogToken = -1;

    /// <summary>PER-003: local timing must stay within 1% of the timeline.</summary>
    private const double DriftLimitPercent = 1.0;

    private readonly PulseSettings _settings;
    private readonly HybridLogicalClock _hlc;
    private readonly BackbeatMetrics _metrics;
    private readonly TimelineFile _file;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator;
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly DeliveryLedger _ledger = new();
    private readonly DriftTrend _drift = new();
    private readonly SilenceWatchdog _watchdog = new();
    private PrecisionTimer? _timer;
    private TimelineDocument? _document;
    private Timeline? _timeline;
    private FrameFactory? _frames;
    private long? _lastLeaderOrdinal;
    private Address? _leaderAddress;
    private string? _leaderAddressText;
    private DateTimeOffset? _lastSync;
    private TimeSpan _silenceWindow;
    private DateTimeOffset? _watchdogDue;
    private long _hlcRejected;
    private bool _degraded;

    /// <param name="file">Where this node keeps the timeline; a follower on a node that cannot lead passes one without a directory.</param>
    public BeatFollower(PulseSettings settings, HybridLogicalClock hlc, BackbeatMetrics metrics, TimelineFile file)
    {
        _settings = settings;
        _hlc = hlc;
        _metrics = metrics;
        _file = file;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Receive<LeaderBeat>(HandleLeaderBeat);
        Receive<TimelineDocument>(HandleTimeline);
        Receive<TimerFired>(HandleTimerFired);
        Receive<SubscribeBeats>(HandleSubscribe);
        Receive<UnsubscribeBeats>(HandleUnsubscribe);
        Receive<Terminated>(HandleTerminated);
        Receive<ClusterEvent.UnreachableMember>(HandleUnreachable);
        Receive<ClusterEvent.ReachableMember>(_ => { });
        Receive<GetDrift>(_ => HandleGetDrift());
        Receive<GetLastLeaderOrdinal>(_ => Sender.Tell(new LastLeaderOrdinal(_lastLeaderOrdinal, _document)));
        Receive<SubscribeAck>(ack => _log.Debug("Follower subscribed to {0}", ack.Subscribe.Topic));
    }

    public static Props Props(PulseSettings settings, HybridLogicalClock hlc, BackbeatMetrics metrics, TimelineFile file) =>
        Akka.Actor.Props.Create(() => new BeatFollower(settings, hlc, metrics, file));

    protected override void PreStart()
    {
        var self = Self; // the timer thread has no actor context, so it must not touch Self
        _timer = new PrecisionTimer($"backbeat-follower-{_settings.ClusterId}", (token, due, firedAt) => self.Tell(new TimerFired(token, due, firedAt)));
        _mediator.Tell(new Subscribe(_settings.FramesTopic, Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IReachabilityEvent));
        if (_file.TryLoad() is { } stored && stored.ClusterId == _settings.ClusterId)
        {
            Adopt(stored);
            _log.Info("Follower starts with timeline revision {0} from {1}", stored.Revision, _file.Path);
        }
    }

    protected override void PostStop()
    {
        _timer?.Dispose();
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _metrics.SetDegradation(false);
    }

    private void HandleLeaderBeat(LeaderBeat beat)
    {
        // On the leader's own node every frame arrives twice (directly, then through the topic): the second copy
        // has nothing left to do, so it is dropped before the clock, the watchdog and the ledger see it.
        if (beat.Ordinal <= _lastLeaderOrdinal)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        if (HlcTimestamp.TryParse(beat.Frame.Hlc, out var stamp, out _) && !_hlc.TryReceive(stamp, out _))
        {
            _hlcRejected++;
            _log.Warning("Leader frame {0}/{1} carries HLC {2}, more than {3} ahead of this node's clock", beat.Frame.BeatIndex, beat.Frame.Phase, beat.Frame.Hlc, _hlc.MaxOffset);
        }

        _lastSync = now;
        _lastLeaderOrdinal = beat.Ordinal;
        if (_leaderAddressText != beat.LeaderAddress)
        {
            _leaderAddressText = beat.LeaderAddress;
            _leaderAddress = Address.Parse(beat.LeaderAddress);
        }

        if (_document is null || beat.TimelineRevision > _document.Revision)
        {
            Sender.Tell(GetTimeline.Instance);
        }

        if (_degraded)
        {
            _degraded = false;
            _metrics.SetDegradation(false);
            _log.Info("Leader frames are back (beat {0} from {1}); leaving degradation mode", beat.Frame.BeatIndex, beat.LeaderNodeId);
        }

        var plan = _ledger.Plan(beat.Ordinal);
        if (plan.Deliver)
        {
            FillGap(plan);
            Deliver(new Beat(beat.Frame, BeatOrigin.Leader), beat.Ordinal, SlotStart(beat.Ordinal) ?? now, now, onSchedule: true);
        }

        var phaseLength = TimeSpan.FromMinutes(1 / (double)beat.Frame.TempoBpm / PhasesPerBeat());
        _silenceWindow = SilenceWatchdog.WindowFor(phaseLength);
        _watchdog.FrameArrived();
        ArmWatchdog(now + _silenceWindow);
    }

    private void HandleTimeline(TimelineDocument document)
    {
        if (document.ClusterId != _settings.ClusterId || (_document is not null && document.Revision <= _document.Revision))
        {
            return;
        }

        Adopt(document);
        _file.TrySave(document);
        _log.Info("Follower adopts timeline revision {0}", document.Revision);
    }

    private void HandleTimerFired(TimerFired fired)
    {
        if (fired.Token == WatchdogToken)
        {
            HandleSilence(fired);
            return;
        }

        if (!_degraded || _timeline is null)
        {
            return;
        }

        var plan = _ledger.Plan(fired.Token);
        if (plan.Deliver)
        {
            FillGap(plan);
            DeliverLocal(fired.Token, DateTimeOffset.UtcNow, onSchedule: true);
        }

        _timer!.Schedule(_timeline.InstantOf(fired.Token + 1), fired.Token + 1);
    }

    private void HandleSilence(TimerFired fired)
    {
        if (_degraded || fired.Due != _watchdogDue)
        {
            // Queued before something newer took the timer: a leader frame re-armed the watchdog (that silence is
            // over), or the leader's node became unreachable and the timer keeps the local beat now.
            return;
        }

        _watchdogDue = null;
        var verdict = _watchdog.Judge(fired.Due, DateTimeOffset.UtcNow, _silenceWindow);
        if (verdict.RecheckAt is { } recheckAt)
        {
            _log.Info(
                "The silence watchdog ran {0:F0} ms late (this follower could not run), so the leader gets until {1:HH:mm:ss.fff} before the beat is kept locally",
                verdict.HandledLate.TotalMilliseconds,
                recheckAt);
            ArmWatchdog(recheckAt);
            return;
        }

        EnterDegradation($"no leader frame for {SilenceWatchdog.SilencePhases} phase lengths");
    }

    private void ArmWatchdog(DateTimeOffset due)
    {
        _watchdogDue = due;
        _timer!.Schedule(due, WatchdogToken);
    }

    private void HandleUnreachable(ClusterEvent.UnreachableMember unreachable)
    {
        if (_leaderAddress is not null && unreachable.Member.Address.Equals(_leaderAddress))
        {
            EnterDegradation($"the leader's node {_leaderAddress} is unreachable");
        }
    }

    private void EnterDegradation(string why)
    {
        if (_degraded)
        {
            return;
        }

        if (_timeline is null)
        {
            _log.Warning("Cannot keep the beat locally ({0}): no timeline is known yet", why);
            return;
        }

        _degraded = true;
        _watchdogDue = null;
        _metrics.SetDegradation(true);
        var now = DateTimeOffset.UtcNow;
        var current = _timeline.OrdinalAt(now);
        _log.Warning("Entering degradation mode: {0}; keeping the beat locally from beat {1}", why, current / _timeline.PhasesPerBeat);

        // Frames whose instant already passed during the silence are delivered now, late but in order.
        if (current >= _timeline.FirstOrdinal && _ledger.Plan(current) is { Deliver: true } plan)
        {
            FillGap(plan);
            DeliverLocal(current, now);
        }

        var next = Math.Max(current, _ledger.LastDelivered ?? current) + 1;
        _timer!.Schedule(_timeline.InstantOf(next), next);
    }

    private void FillGap(GapPlan plan)
    {
        if (plan.Skipped > 0)
        {
            _log.Warning("Jumping {0} frames that were never seen (gap longer than {1})", plan.Skipped, DeliveryLedger.MaxGapFill);
        }

        if (_timeline is null)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        for (var ordinal = plan.FillFrom; ordinal < plan.Ordinal; ordinal++)
        {
            if (ordinal >= _timeline.FirstOrdinal)
            {
                DeliverLocal(ordinal, now);
            }
        }
    }

    private void DeliverLocal(long ordinal, DateTimeOffset now, bool onSchedule = false)
    {
        var slot = _timeline!.Slot(ordinal);
        var frame = _frames!.Create(_timeline, slot, _hlc.Now().ToString());
        Deliver(new Beat(frame, BeatOrigin.Local), ordinal, slot.Start, now, onSchedule);
    }

    /// <param name="onSchedule">
    /// False for frames delivered late on purpose (gap fills, the frame overdue when degradation starts):
    /// they say nothing about how well this node keeps time, so they stay out of the drift trend.
    /// </param>
    private void Deliver(Beat beat, long ordinal, DateTimeOffset instant, DateTimeOffset now, bool onSchedule)
    {
        _ledger.Delivered(ordinal);
        if (onSchedule)
        {
            var lateness = now - instant;
            _drift.Add(instant, lateness);
            _metrics.DeliveryLatency.Record(Math.Max(0, lateness.TotalSeconds));
        }

        if (beat.Frame.Downbeat && beat.Frame.Phase == _frames?.FirstPhase)
        {
            // Once a bar, so the timer-drift gauge moves whether or not anyone asks /drift.
            _metrics.SetTimerDriftRatio(_drift.Percent() / 100);
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(beat);
        }
    }

    private void HandleSubscribe(SubscribeBeats subscribe)
    {
        if (_subscribers.Add(subscribe.Subscriber))
        {
            Context.Watch(subscribe.Subscriber);
        }

        Sender.Tell(new Subscribed(subscribe.Subscriber));
    }

    private void HandleUnsubscribe(UnsubscribeBeats unsubscribe)
    {
        if (_subscribers.Remove(unsubscribe.Subscriber))
        {
            Context.Unwatch(unsubscribe.Subscriber);
        }

        Sender.Tell(new Unsubscribed(unsubscribe.Subscriber));
    }

    private void HandleTerminated(Terminated terminated) => _subscribers.Remove(terminated.ActorRef);

    private void HandleGetDrift()
    {
        var driftPercent = _drift.Percent();
        var hlcDrift = _hlc.DriftSeconds();
        _metrics.SetTimerDriftRatio(driftPercent / 100);
        Sender.Tell(new DriftStatus(
            driftPercent,
            hlcDrift,
            _lastSync,
            _degraded,
            driftPercent <= DriftLimitPercent && hlcDrift <= _hlc.MaxOffset.TotalSeconds && _hlcRejected == 0));
    }

    private void Adopt(TimelineDocument document)
    {
        _document = document;
        _timeline = document.ToTimeline();
        _frames = new FrameFactory(_settings.ClusterId, document.Phases);
    }

    private DateTimeOffset? SlotStart(long ordinal) =>
        _timeline is not null && ordinal >= _timeline.FirstOrdinal ? _timeline.InstantOf(ordinal) : null;

    private int PhasesPerBeat() => _timeline?.PhasesPerBeat ?? _settings.Phases.Count;

    private sealed record TimerFired(long Token, DateTimeOffset Due, DateTimeOffset FiredAt);
}
