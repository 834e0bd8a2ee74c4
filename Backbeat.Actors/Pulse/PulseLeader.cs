using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Akka.Event;
using Backbeat.Clocks;
using Backbeat.Contracts;
using Backbeat.Metrics;
using Backbeat.Nats;
using Backbeat.Timing;

namespace Backbeat.Pulse;

/// <summary>
/// The cluster's one emitter (a ClusterSingleton on <c>backbeat</c> nodes). On start it reads the replicated
/// timeline (majority, then local, then the data-dir file, else a new one), then fires every frame at its
/// timeline instant with the <see cref="PrecisionTimer"/>, stamps the HLC and publishes the frame to every
/// node's follower and to this node's NATS publisher. Tempo changes are checked by <see cref="TempoRules"/>,
/// stored with majority consistency, and only then acknowledged.
/// </summary>
public sealed class PulseLeader : ReceiveActor, IWithTimers, IWithStash
{
    /// <summary>Frames more than this many slots behind are jumped rather than emitted in a burst.</summary>
    private const int MaxCatchUpFrames = 64;

    /// <summary>The longest a hand-over waits for the leader's next frame; a slower beat hands over at once.</summary>
    private static readonly TimeSpan HandOverWaitLimit = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a new leader asks the replicas again before it gives up and starts a timeline of its own.</summary>
    private const int MaxTimelineRetries = 10;

    private readonly PulseSettings _settings;
    private readonly HybridLogicalClock _hlc;
    private readonly IActorRef _follower;
    private readonly IActorRef _natsPublisher;
    private readonly BackbeatMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _replicator;
    private readonly IActorRef _mediator;
    private readonly LWWRegisterKey<string> _key;
    private readonly TempoRules _rules;
    private readonly TimelineFile _file;
    private readonly LatenessWindow _lateness = new();
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;
    private readonly Address _self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
    private readonly string _selfAddress;
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<Address> _unreachable = [];

    // Loading
    private bool _followerAnswered;
    private bool _replicaAnswered;
    private TimelineDocument? _replicated;
    private TimelineDocument? _followerKnows;
    private long? _lastLeaderOrdinal;
    private int _timelineRetries;

    // Emitting
    private PrecisionTimer? _timer;
    private TimelineDocument? _document;
    private Timeline? _timeline;
    private FrameFactory? _frames;
    private long _next;
    private long _emitted;
    private BeatFrameSummary? _lastFrame;
    private PendingTempoChange? _storing;
    private bool _fenced;
    private bool _checkingStall;
    private int _stallCheckAttempts;
    private DateTimeOffset _lastRan;
    private bool _stopAfterNextFrame;
    private DateTimeOffset _yieldUntil = DateTimeOffset.MinValue;

    public PulseLeader(PulseSettings settings, HybridLogicalClock hlc, TimelineFile file, IActorRef follower, IActorRef natsPublisher, BackbeatMetrics metrics)
    {
        _settings = settings;
        _hlc = hlc;
        _follower = follower;
        _natsPublisher = natsPublisher;
        _metrics = metrics;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _key = new LWWRegisterKey<string>(settings.TimelineKey);
        _rules = new TempoRules(settings.MinBpm, settings.MaxBpm);
        _file = file;
        _selfAddress = _self.ToString();
        Loading();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(PulseSettings settings, HybridLogicalClock hlc, TimelineFile file, IActorRef follower, IActorRef natsPublisher, BackbeatMetrics metrics) =>
        Akka.Actor.Props.Create(() => new PulseLeader(settings, hlc, file, follower, natsPublisher, metrics));

    protected override void PreStart()
    {
        _log.Info("Node {0} takes the lead of cluster {1}; reading the timeline", _settings.NodeId, _settings.ClusterId);
        _metrics.SetLeader(true);
        _metrics.LeadershipChanges.Add(1);
        _replicator.Tell(Dsl.Get(_key, new ReadMajority(_settings.TakeoverReadTimeout)));
        _follower.Tell(GetLastLeaderOrdinal.Instance);
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(_settings.FramesTopic, Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        // The follower is local and answers in microseconds; the wait only covers one that has died. Starting without
        // its answer risks repeating frames it saw, so the wait is generous.
        Timers.StartSingleTimer(FollowerSilent.Instance, FollowerSilent.Instance, TimeSpan.FromSeconds(2));
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _timer?.Dispose();
        _metrics.SetLeader(false);
        _metrics.LeadershipChanges.Add(1);
        _log.Info("Node {0} no longer leads; emitted {1} frames, the last {2}", _settings.NodeId, _emitted, _lastFrame);
    }

    // ---- Loading: find the timeline before emitting anything --------------------------------------------
    // Three witnesses may know it: the replicated register (majority, else the local replica), this node's
    // follower (what the last leader announced), and the data-dir file (what survived a full stop). The
    // highest revision wins; only when none knows a timeline does a new cluster start one.

    private void Loading()
    {
        Receive<GetSuccess>(HandleLoaded);
        Receive<NotFound>(_ => HandleReplicaAnswer(null));
        Receive<GetFailure>(HandleLoadFailure);
        Receive<LastLeaderOrdinal>(HandleLastLeaderOrdinal);
        Receive<FollowerSilent>(_ => HandleFollowerSilent());
        Receive<HandOverLeadership>(_ => Context.Stop(Self));
        ReceiveClusterView();

        // Frames on the topic (another leader's, or an old one's) and announcements matter only once emitting.
        Receive<LeaderBeat>(_ => { });
        Receive<TimelineDocument>(_ => { });
        Receive<SubscribeAck>(_ => { });
        ReceiveAny(_ => Stash.Stash());
    }

    private void HandleLoaded(GetSuccess success)
    {
        try
        {
            HandleReplicaAnswer(TimelineDocument.Parse(success.Get(_key).Value));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            _log.Error(e, "The replicated timeline cannot be read; weighing the other copies");
            HandleReplicaAnswer(null);
        }
    }

    private void HandleLoadFailure(GetFailure failure)
    {
        if (failure.Request is ReadLocalRequest)
        {
            HandleReplicaAnswer(null);
            return;
        }

        _log.Warning("No majority answered for the timeline within {0}; reading the local replica", _settings.TakeoverReadTimeout);
        _replicator.Tell(Dsl.Get(_key, ReadLocal.Instance, ReadLocalRequest.Instance));
    }

    private void HandleReplicaAnswer(TimelineDocument? replicated)
    {
        _replicaAnswered = true;
        _replicated = replicated;
        StartWhenReady();
    }

    private void HandleLastLeaderOrdinal(LastLeaderOrdinal message)
    {
        _lastLeaderOrdinal = message.Ordinal;
        _followerKnows = message.Timeline;
        _followerAnswered = true;
        StartWhenReady();
    }

    private void HandleFollowerSilent()
    {
        _followerAnswered = true;
        StartWhenReady();
    }

    /// <returns>False when the choice must wait: frames were seen but no copy of their timeline has arrived yet.</returns>
    private bool ChooseTimeline()
    {
        var stored = _file.TryLoad();
        var candidates = new (TimelineDocument? Document, string Source)[]
        {
            (_replicated, "replicated state"),
            (_followerKnows, "this node's follower"),
            (stored, $"file {_file.Path}"),
        };
        var best = candidates
            .Where(c => c.Document is not null && c.Document.ClusterId == _settings.ClusterId)
            .OrderByDescending(c => c.Document!.Revision)
            .FirstOrDefault();

        if (best.Document is { } document)
        {
            Adopt(document, best.Source);
            if (_replicated is null || _replicated.Revision < document.Revision)
            {
                Store(document, null);
            }

            return true;
        }

        if (_lastLeaderOrdinal is not null && _timelineRetries < MaxTimelineRetries)
        {
            // This node saw a leader's frames, so a timeline exists: a new one would renumber the beat. Ask again.
            _timelineRetries++;
            _replicaAnswered = false;
            _log.Warning("Frames were seen but no copy of their timeline is here yet; asking the replicas again ({0}/{1})", _timelineRetries, MaxTimelineRetries);
            _replicator.Tell(Dsl.Get(_key, new ReadMajority(_settings.TakeoverReadTimeout)));
            return false;
        }

        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var timeline = Timeline.Start(start, _settings.InitialBpm, _settings.Phases.Count, _settings.Bar);
        var created = TimelineDocument.From(timeline, 1, _settings.ClusterId, _settings.Phases, "new cluster");
        Adopt(created, "a new timeline");
        Store(created, null);
        return true;
    }

    private void Adopt(TimelineDocument document, string source)
    {
        if (document.Bar != _settings.Bar || !document.Phases.SequenceEqual(_settings.Phases))
        {
            _log.Warning(
                "The cluster's timeline has bar {0} and phases [{1}], which differ from this node's settings (bar {2}, phases [{3}]); the timeline wins",
                document.Bar, string.Join(",", document.Phases), _settings.Bar, string.Join(",", _settings.Phases));
        }

        _document = document;
        _timeline = document.ToTimeline();
        _frames = new FrameFactory(_settings.ClusterId, document.Phases);
        _log.Info("Timeline revision {0} from {1}: {2} BPM, beat 0 at {3:O}", document.Revision, source, Tempo.Format(_timeline.TempoAt(DateTimeOffset.UtcNow)), _timeline.Epochs[0].StartTime);
    }

    private void StartWhenReady()
    {
        if (!_replicaAnswered || !_followerAnswered || _timer is not null)
        {
            return;
        }

        Timers.Cancel(FollowerSilent.Instance);
        if (!ChooseTimeline())
        {
            return;
        }

        var firstDue = _timeline!.OrdinalAt(DateTimeOffset.UtcNow) + 1;
        _next = Math.Max(firstDue, (_lastLeaderOrdinal ?? long.MinValue) + 1);
        // Run the frame path once before the first real frame, so JIT compilation does not make that one late.
        _ = BeatFrameJson.ToUtf8(_frames!.Create(_timeline, _timeline.Slot(_next), _hlc.Current.ToString()));
        var self = Self; // the timer thread has no actor context, so it must not touch Self
        _timer = new PrecisionTimer($"backbeat-leader-{_settings.ClusterId}", (ordinal, due, firedAt) => self.Tell(new EmitDue(ordinal, due, firedAt)));
        _mediator.Tell(new Publish(_settings.FramesTopic, _document));
        _natsPublisher.Tell(new PublishControl(new LeaderChangedEvent { ClusterId = _settings.ClusterId, Hlc = _hlc.Now().ToString(), NodeId = _settings.NodeId }));
        Become(Emitting);
        _lastRan = DateTimeOffset.UtcNow;
        Timers.StartPeriodicTimer(StallProbe.Instance, StallProbe.Instance, _settings.StallLimit / 2);
        Stash.UnstashAll();
        if (!_fenced)
        {
            ScheduleNext();
        }
        _log.Info("Leader {0} emits from beat {1} phase {2} at {3:O}", _settings.NodeId, _next / _timeline.PhasesPerBeat, _next % _timeline.PhasesPerBeat, _timeline.InstantOf(_next));
    }

    // ---- Emitting ----------------------------------------------------------------------------------------

    private void Emitting()
    {
        ReceiveClusterView();
        Receive<EmitDue>(HandleEmitDue);
        Receive<StallProbe>(_ => HandleStallProbe());
        Receive<GetSuccess>(success => success.Request is StallCheck, _ => HandleStallCheckAnswered());
        Receive<NotFound>(notFound => notFound.Request is StallCheck, _ => HandleStallCheckAnswered());
        Receive<GetFailure>(failure => failure.Request is StallCheck, _ => HandleStallCheckUnanswered());
        Receive<HandOverLeadership>(_ => HandleHandOver());
        Receive<StopNow>(_ => Context.Stop(Self));
        Receive<SetTempo>(_ => _storing is not null, _ => Stash.Stash());
        Receive<SetTempo>(HandleSetTempo);
        Receive<UpdateSuccess>(HandleStored);
        Receive<UpdateTimeout>(HandleNotStored);
        Receive<ModifyFailure>(failure => HandleStoreFailure(failure.Request, failure.ErrorMessage));
        Receive<StoreFailure>(failure => HandleStoreFailure(failure.Request, "the local replica could not be written"));
        Receive<GetTempo>(_ => HandleGetTempo());
        Receive<GetLeaderStatus>(_ => HandleGetLeaderStatus());
        Receive<GetTimeline>(_ => Sender.Tell(_document));
        Receive<LeaderBeat>(HandleLeaderBeatSeen);
        Receive<TimelineDocument>(_ => { });
        Receive<SubscribeAck>(_ => { });
        Receive<LastLeaderOrdinal>(_ => { });
        Receive<GetSuccess>(_ => { });
        Receive<NotFound>(_ => { });
        Receive<GetFailure>(_ => { });
    }

    private void HandleEmitDue(EmitDue due)
    {
        if (due.Ordinal != _next || _fenced || _checkingStall || _timeline is null || _frames is null || _document is null)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        if (Stalled(now))
        {
            return;
        }

        if (now < _yieldUntil)
        {
            // Another leader is emitting and wins the tie-break: skip this slot, keep the schedule.
            _next++;
            ScheduleNext();
            return;
        }

        var current = _timeline.OrdinalAt(now);
        if (current - _next > MaxCatchUpFrames)
        {
            _log.Warning("The leader fell {0} frames behind (process paused?); jumping to beat {1}", current - _next, current / _timeline.PhasesPerBeat);
            _next = current;
        }

        var slot = _timeline.Slot(_next);
        var frame = _frames.Create(_timeline, slot, _hlc.Now().ToString());
        var lateness = now - slot.Start;
        _lateness.Add(lateness.TotalMilliseconds);
        _metrics.PulseJitter.Record(Math.Max(0, lateness.TotalSeconds));
        _metrics.BeatsTotal.Add(1);

        var beat = new LeaderBeat(frame, _next, _document.Revision, _settings.NodeId, _selfAddress);

        // This node's follower gets the frame directly, two mailbox hops sooner than through the topic; the copy
        // that arrives through the topic later is dropped by its delivery ledger.
        _follower.Tell(beat);
        _mediator.Tell(new Publish(_settings.FramesTopic, beat));
        _natsPublisher.Tell(new PublishBeat(frame));
        if (slot.Phase == 0 && slot.Downbeat)
        {
            // Once a bar, so every follower (late joiners, services without a replica) holds the current timeline.
            _mediator.Tell(new Publish(_settings.FramesTopic, _document));
        }

        if (slot.Phase == 0 && IsEpochStart(slot.BeatIndex))
        {
            _natsPublisher.Tell(new PublishControl(new TempoAppliedEvent { ClusterId = _settings.ClusterId, Hlc = frame.Hlc, TempoBpm = Tempo.Normalize(slot.TempoBpm), BeatIndex = slot.BeatIndex }));
            _log.Info("Tempo {0} BPM applied at beat {1}", Tempo.Format(slot.TempoBpm), slot.BeatIndex);
        }

        _emitted++;
        _lastFrame = new BeatFrameSummary(frame.BeatIndex, frame.Phase);
        _next++;
        if (_stopAfterNextFrame)
        {
            Context.Stop(Self);
            return;
        }

        ScheduleNext();
    }

    // A graceful hand-over costs the time from this leader's stop to the new one's first frame (its start and
    // timeline read, ~0.1-0.3 s). Stopping right after a frame rather than anywhere in a phase keeps that inside
    // one phase, so no slot is skipped at the usual tempos.
    private void HandleHandOver()
    {
        var untilNext = _timeline is null ? TimeSpan.MaxValue : _timeline.InstantOf(_next) - DateTimeOffset.UtcNow;
        if (_fenced || _checkingStall || untilNext > HandOverWaitLimit)
        {
            Context.Stop(Self);
            return;
        }

        _stopAfterNextFrame = true;
        Timers.StartSingleTimer(StopNow.Instance, StopNow.Instance, (untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero) + HandOverWaitLimit);
    }

    private bool IsEpochStart(long beatIndex)
    {
        var epochs = _timeline!.Epochs;
        for (var i = 1; i < epochs.Count; i++)
        {
            if (epochs[i].StartBeatIndex == beatIndex)
            {
                return true;
            }
        }

        return false;
    }

    private void ScheduleNext() => _timer!.Schedule(_timeline!.InstantOf(_next), _next);

    // ---- A second emitter: whatever made it (a healed partition, a node downed on a false suspicion that has not
    // heard it yet), the two leaders agree on who steps back without talking: the one whose address sorts
    // higher yields while the other's frames keep arriving.

    private void HandleLeaderBeatSeen(LeaderBeat beat)
    {
        if (beat.LeaderAddress == _selfAddress)
        {
            return;
        }

        var other = Address.Parse(beat.LeaderAddress);
        if (Member.AddressOrdering.Compare(other, _self) >= 0)
        {
            return;
        }

        var phase = _timeline is null ? TimeSpan.FromSeconds(1) : _timeline.InstantOf(_next + 1) - _timeline.InstantOf(_next);
        if (DateTimeOffset.UtcNow >= _yieldUntil)
        {
            _log.Error("Leader {0} at {1} emits too (beat {2} {3}); this node steps back while it does", beat.LeaderNodeId, beat.LeaderAddress, beat.Frame.BeatIndex, beat.Frame.Phase);
        }

        // Three phases, and at least a second, so a late frame from the other leader does not hand the beat back early.
        _yieldUntil = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Max((phase * 3).Ticks, TimeSpan.TicksPerSecond));
    }

    // ---- A stalled leader may be a replaced one --------------------------------------------------------------
    // While this process is frozen (SIGSTOP, a VM pause, a long GC) the others may down it and start a new
    // leader; on waking, its timer is overdue and it would emit a burst of catch-up frames before the cluster
    // view tells it anything. So a leader that could not run for longer than the stall limit (seen by the gap
    // between any two of its messages: frames and a probe at half the limit) emits nothing until a majority of
    // replicas answers it. A node the others removed is quarantined by them and never gets that answer; its
    // split-brain resolver downs it soon after. One that was not replaced gets it in milliseconds and catches up.

    private void HandleStallProbe() => Stalled(DateTimeOffset.UtcNow);

    /// <returns>True when this leader could not run for longer than the stall limit and must first hear from a majority.</returns>
    private bool Stalled(DateTimeOffset now)
    {
        var silentFor = now - _lastRan;
        _lastRan = now;
        if (_checkingStall || silentFor <= _settings.StallLimit)
        {
            return _checkingStall;
        }

        _checkingStall = true;
        _stallCheckAttempts = 0;
        _timer?.Cancel();
        _metrics.LeaderStalls.Add(1);
        _log.Warning(
            "Leader {0} could not run for {1:F0} ms (process paused?); it may have been replaced meanwhile, so it emits nothing until a majority of replicas answers",
            _settings.NodeId, silentFor.TotalMilliseconds);
        AskMajority();
        return true;
    }

    private void AskMajority()
    {
        _stallCheckAttempts++;
        _replicator.Tell(Dsl.Get(_key, new ReadMajority(_settings.TakeoverReadTimeout), StallCheck.Instance));
    }

    private void HandleStallCheckAnswered()
    {
        if (!_checkingStall)
        {
            return;
        }

        _checkingStall = false;
        _lastRan = DateTimeOffset.UtcNow;
        _log.Info("Leader {0} hears from a majority after its stall; emitting from beat {1} phase {2}", _settings.NodeId, _next / _timeline!.PhasesPerBeat, _next % _timeline.PhasesPerBeat);
        if (!_fenced)
        {
            ScheduleNext();
        }
    }

    private void HandleStallCheckUnanswered()
    {
        if (!_checkingStall)
        {
            return;
        }

        // Until the partition heals or this side is downed: warn on the first miss and then every ten seconds or so.
        if (_stallCheckAttempts % 20 == 1)
        {
            _log.Warning(
                "Leader {0}: no majority answered within {1} after its stall ({2} reads so far); still not emitting, asking again",
                _settings.NodeId, _settings.TakeoverReadTimeout, _stallCheckAttempts);
        }

        AskMajority();
    }

    // ---- Self-fencing: a leader on the minority side of a partition stops at once ------------------------

    private void ReceiveClusterView()
    {
        Receive<ClusterEvent.CurrentClusterState>(HandleClusterState);
        Receive<ClusterEvent.IMemberEvent>(HandleMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(unreachable => UpdateReachability(unreachable.Member.Address, reachable: false));
        Receive<ClusterEvent.ReachableMember>(reachable => UpdateReachability(reachable.Member.Address, reachable: true));
    }

    private void HandleClusterState(ClusterEvent.CurrentClusterState state)
    {
        _members.Clear();
        foreach (var member in state.Members)
        {
            _members[member.UniqueAddress] = member;
        }

        _unreachable.Clear();
        _unreachable.UnionWith(state.Unreachable.Select(m => m.Address));
        CheckMajority();
    }

    private void HandleMemberEvent(ClusterEvent.IMemberEvent memberEvent)
    {
        if (memberEvent is ClusterEvent.MemberRemoved or ClusterEvent.MemberDowned)
        {
            _members.Remove(memberEvent.Member.UniqueAddress);
            _unreachable.Remove(memberEvent.Member.Address);
        }
        else
        {
            _members[memberEvent.Member.UniqueAddress] = memberEvent.Member;
        }

        if (memberEvent is ClusterEvent.MemberUp && _document is not null && _timer is not null)
        {
            // A newcomer must know the timeline before it may have to lead: push it to a majority of replicas
            // now rather than after the next gossip round, and announce it to the newcomer's follower.
            if (memberEvent.Member.HasRole(Configuration.BackbeatOptions.BackbeatRole))
            {
                Store(_document, null);
            }

            _mediator.Tell(new Publish(_settings.FramesTopic, _document));
        }

        CheckMajority();
    }

    private void UpdateReachability(Address address, bool reachable)
    {
        if (reachable)
        {
            _unreachable.Remove(address);
        }
        else
        {
            _unreachable.Add(address);
        }

        CheckMajority();
    }

    private void CheckMajority()
    {
        // Joining members do not count yet, and downed ones no longer do, as for the split-brain resolver.
        var addresses = _members.Values
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting)
            .Select(m => m.Address)
            .ToList();
        var majority = MajorityRule.KeepsMajority(addresses, _unreachable, Member.AddressOrdering);
        if (!majority && !_fenced)
        {
            _fenced = true;
            _timer?.Cancel();
            _log.Warning(
                "Leader {0} reaches only {1} of {2} members: it stops emitting until the partition heals or this side is downed",
                _settings.NodeId, addresses.Count - _unreachable.Count, addresses.Count);
        }
        else if (majority && _fenced)
        {
            _fenced = false;
            if (_timer is not null && _timeline is not null && !_checkingStall)
            {
                _next = Math.Max(_next, _timeline.OrdinalAt(DateTimeOffset.UtcNow) + 1);
                ScheduleNext();
            }

            _log.Info("Leader {0} reaches a majority again; emitting from beat {1}", _settings.NodeId, _next / (_timeline?.PhasesPerBeat ?? 1));
        }
    }

    // ---- Tempo changes -----------------------------------------------------------------------------------

    private void HandleSetTempo(SetTempo request)
    {
        var now = DateTimeOffset.UtcNow;
        var current = _timeline!.TempoAt(now);
        var decision = _rules.Evaluate(current, request.TempoBpm);
        if (!decision.Accepted)
        {
            _metrics.TempoChangeErrors.Add(1);
            _log.Info("Tempo change to {0} BPM refused: {1}", Tempo.Format(request.TempoBpm), decision.Reason);
            Sender.Tell(new TempoRefused(decision.Reason!));
            return;
        }

        var changed = _timeline.WithTempoChange(now, request.TempoBpm, _settings.TempoChangeLead);
        var document = TimelineDocument.From(changed, _document!.Revision + 1, _settings.ClusterId, _document.Phases, request.Justification);
        var effective = changed.Epochs[^1];
        _storing = new PendingTempoChange(document, Sender, new TempoScheduled(Tempo.Normalize(request.TempoBpm), effective.StartBeatIndex, effective.StartTime), request.Justification);
        Store(document, _storing);
    }

    private void Store(TimelineDocument document, PendingTempoChange? change)
    {
        var register = new LWWRegister<string>(Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress, document.ToJson(), document.Revision);
        _replicator.Tell(Dsl.Update(_key, register, new WriteMajority(_settings.StoreTimeout), change, existing => existing.Merge(register)));
    }

    private void HandleStored(UpdateSuccess success)
    {
        if (success.Request is not PendingTempoChange change)
        {
            return;
        }

        _storing = null;
        _document = change.Document;
        _timeline = change.Document.ToTimeline();
        _mediator.Tell(new Publish(_settings.FramesTopic, change.Document));
        _natsPublisher.Tell(new PublishControl(new TempoScheduledEvent
        {
            ClusterId = _settings.ClusterId,
            Hlc = _hlc.Now().ToString(),
            TempoBpm = change.Reply.TempoBpm,
            EffectiveBeatIndex = change.Reply.EffectiveBeatIndex,
            EffectiveAt = change.Reply.EffectiveAt,
            Justification = change.Justification,
        }));
        _log.Info("Tempo {0} BPM scheduled for beat {1} at {2:O} ({3})", Tempo.Format(change.Reply.TempoBpm), change.Reply.EffectiveBeatIndex, change.Reply.EffectiveAt, change.Justification ?? "no reason given");
        change.ReplyTo.Tell(change.Reply);
        Stash.UnstashAll();
    }

    private void HandleNotStored(UpdateTimeout timeout) =>
        HandleStoreFailure(timeout.Request, $"no majority of backbeat nodes confirmed the write within {_settings.StoreTimeout.TotalSeconds:0.#} s");

    private void HandleStoreFailure(object? request, string reason)
    {
        if (request is not PendingTempoChange change)
        {
            _log.Warning("Seeding the replicated timeline did not reach a majority ({0}); gossip will spread it", reason);
            return;
        }

        _storing = null;
        _metrics.TempoChangeErrors.Add(1);
        _log.Warning("Tempo change to {0} BPM not stored: {1}", Tempo.Format(change.Reply.TempoBpm), reason);
        change.ReplyTo.Tell(new TempoNotStored(reason));
        Stash.UnstashAll();
    }

    private void HandleGetTempo()
    {
        var now = DateTimeOffset.UtcNow;
        var pending = _timeline!.PendingAt(now);
        var current = _timeline.TempoAt(now);
        var (low, high) = _rules.AllowedStep(current);
        Sender.Tell(new TempoStatus(Tempo.Normalize(current), pending is null ? null : Tempo.Normalize(pending.TempoBpm), pending?.StartBeatIndex, pending?.StartTime, low, high));
    }

    private void HandleGetLeaderStatus()
    {
        Sender.Tell(new LeaderStatus(
            _settings.NodeId,
            _selfAddress,
            _since,
            _emitted,
            _lastFrame?.BeatIndex ?? -1,
            _lastFrame?.Phase,
            _lateness.Percentile(50),
            _lateness.Percentile(99),
            _lateness.Max()));
    }

    private sealed record EmitDue(long Ordinal, DateTimeOffset Due, DateTimeOffset FiredAt);

    private sealed record StopNow
    {
        public static readonly StopNow Instance = new();
    }

    private sealed record StallProbe
    {
        public static readonly StallProbe Instance = new();
    }

    /// <summary>The request tag of the majority read a leader makes after a stall.</summary>
    private sealed record StallCheck
    {
        public static readonly StallCheck Instance = new();
    }

    private sealed record FollowerSilent
    {
        public static readonly FollowerSilent Instance = new();
    }

    private sealed record ReadLocalRequest
    {
        public static readonly ReadLocalRequest Instance = new();
    }

    private sealed record PendingTempoChange(TimelineDocument Document, IActorRef ReplyTo, TempoScheduled Reply, string? Justification);

    private sealed record BeatFrameSummary(long BeatIndex, string Phase);
}
