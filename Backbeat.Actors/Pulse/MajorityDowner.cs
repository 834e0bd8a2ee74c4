using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace Backbeat.Pulse;

/// <summary>
/// Downs unreachable members as soon as the keep-majority decision is clear, instead of on the split-brain
/// resolver's next decision tick (Akka.NET 1.5 decides once a second, and the tick is not configurable; that
/// second is most of what a crashed leader costs past failure detection). It acts only in the unambiguous case:
/// the unreachable set has not changed for <c>stable-after</c>, this node is reachable, and its side holds a strict
/// majority of the members. Everything else (ties, indirectly connected nodes, the losing side) is left to the
/// resolver, which makes the same keep-majority decision. Downing twice is harmless.
/// <para>
/// A crashed process is also recognised without waiting for the failure detector: when a member's connection
/// drops, its remoting port is probed, and if its host refuses the connection (nothing listens there, so that
/// incarnation is gone) the member is downed at once, provided the rest still hold a strict majority. The removal
/// follows on the next convergence, because the dead incarnation is also quarantined (which the cluster counts as
/// terminated), without waiting for the failure detector. A slow or paused process keeps its port open and is never
/// taken for dead this way; a partition that drops packets proves nothing and is left to the failure detector.
/// </para>
/// </summary>
public sealed class MajorityDowner : ReceiveActor, IWithTimers
{
    private const int ProbeAttempts = 3;
    private static readonly TimeSpan ProbeRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeSpacing = TimeSpan.FromMilliseconds(500);

    private readonly TimeSpan _stableAfter;
    private readonly RemotingPortProbe? _probe;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<Address> _unreachable = [];
    private readonly HashSet<Address> _probing = [];
    private readonly Dictionary<Address, DateTime> _lastProbe = [];
    private readonly HashSet<Address> _crashed = [];
    private DateTime _lastChange = DateTime.UtcNow;

    public MajorityDowner(TimeSpan stableAfter, RemotingPortProbe? probe)
    {
        _stableAfter = stableAfter;
        _probe = probe;
        Receive<ClusterEvent.CurrentClusterState>(HandleState);
        Receive<ClusterEvent.IMemberEvent>(HandleMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(e => Changed(() => _unreachable.Add(e.Member.Address)));
        Receive<ClusterEvent.ReachableMember>(e => Changed(() => _unreachable.Remove(e.Member.Address)));
        Receive<Decide>(_ => HandleDecide());
        Receive<DisassociatedEvent>(HandleDisassociated);
        Receive<PortProbed>(HandlePortProbed);
        Receive<Reprobe>(HandleReprobe);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="probe">Probes the port of a member whose connection dropped; null leaves crashes to the failure detector.</param>
    public static Props Props(TimeSpan stableAfter, RemotingPortProbe? probe) =>
        Akka.Actor.Props.Create(() => new MajorityDowner(stableAfter, probe));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        if (_probe is not null)
        {
            Context.System.EventStream.Subscribe<DisassociatedEvent>(Self);
        }
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void HandleState(ClusterEvent.CurrentClusterState state)
    {
        _members.Clear();
        foreach (var member in state.Members)
        {
            _members[member.UniqueAddress] = member;
        }

        Changed(() =>
        {
            _unreachable.Clear();
            _unreachable.UnionWith(state.Unreachable.Select(m => m.Address));
        });
    }

    private void HandleMemberEvent(ClusterEvent.IMemberEvent memberEvent) => Changed(() =>
    {
        if (memberEvent is ClusterEvent.MemberRemoved or ClusterEvent.MemberDowned)
        {
            _members.Remove(memberEvent.Member.UniqueAddress);
            _unreachable.Remove(memberEvent.Member.Address);
            _crashed.Remove(memberEvent.Member.Address);
            _lastProbe.Remove(memberEvent.Member.Address);
        }
        else
        {
            _members[memberEvent.Member.UniqueAddress] = memberEvent.Member;
        }
    });

    private void Changed(Action change)
    {
        change();
        _lastChange = DateTime.UtcNow;
        if (_unreachable.Count > 0)
        {
            Timers.StartSingleTimer(Decide.Instance, Decide.Instance, _stableAfter);
        }
        else
        {
            Timers.Cancel(Decide.Instance);
        }
    }

    private void HandleDecide()
    {
        if (_unreachable.Count == 0 || _unreachable.Contains(_cluster.SelfAddress))
        {
            return;
        }

        var quietFor = DateTime.UtcNow - _lastChange;
        if (quietFor < _stableAfter)
        {
            Timers.StartSingleTimer(Decide.Instance, Decide.Instance, _stableAfter - quietFor);
            return;
        }

        var counted = CountedMembers();
        var reachable = counted.Count(a => !_unreachable.Contains(a));
        if (reachable * 2 <= counted.Count)
        {
            return;
        }

        foreach (var address in _unreachable.Where(counted.Contains).ToList())
        {
            _log.Warning("Downing unreachable {0}: {1} of {2} members reach each other and agreed for {3} ms", address, reachable, counted.Count, (long)quietFor.TotalMilliseconds);
            _cluster.Down(address);
        }
    }

    private void HandleDisassociated(DisassociatedEvent disassociated)
    {
        // Not a member, or one on its way out (a graceful leave closes its connections too), or one probed a moment
        // ago: while a link is down, remoting redials and drops it many times a second.
        var address = disassociated.RemoteAddress;
        if (_probe is null || address.Equals(_cluster.SelfAddress) || _probing.Contains(address) ||
            MemberAt(address) is not { Status: MemberStatus.Up or MemberStatus.WeaklyUp } member ||
            (_lastProbe.TryGetValue(address, out var last) && DateTime.UtcNow - last < ProbeSpacing))
        {
            return;
        }

        StartProbe(member.UniqueAddress, attempt: 1);
    }

    private void StartProbe(UniqueAddress member, int attempt)
    {
        if (_probe is null || member.Address.Host is not { } host || member.Address.Port is not { } port || !_probing.Add(member.Address))
        {
            return;
        }

        _lastProbe[member.Address] = DateTime.UtcNow;
        _probe.ProbeAsync(host, port).PipeTo(
            Self,
            success: state => new PortProbed(member, state, attempt),
            failure: _ => new PortProbed(member, RemotingPortState.Unknown, attempt));
    }

    private void HandleReprobe(Reprobe reprobe)
    {
        if (_members.TryGetValue(reprobe.Member, out var member) && member.Status is MemberStatus.Up or MemberStatus.WeaklyUp)
        {
            StartProbe(reprobe.Member, reprobe.Attempt);
        }
    }

    private void HandlePortProbed(PortProbed probed)
    {
        var address = probed.Member.Address;
        _probing.Remove(address);
        if (!_members.TryGetValue(probed.Member, out var member) || member.Status == MemberStatus.Down)
        {
            return;
        }

        if (probed.State != RemotingPortState.Refused)
        {
            // A process that is shutting down may drop its connections a moment before it closes its port.
            _log.Debug("Connection to {0} dropped; its remoting port answered {1} (probe {2} of {3})", address, probed.State, probed.Attempt, ProbeAttempts);
            if (probed.Attempt < ProbeAttempts)
            {
                Timers.StartSingleTimer((nameof(Reprobe), address), new Reprobe(probed.Member, probed.Attempt + 1), ProbeRetryDelay);
            }

            return;
        }

        _crashed.Add(address);
        var counted = CountedMembers();
        var remaining = counted.Count(a => !_unreachable.Contains(a) && !_crashed.Contains(a));
        if (remaining * 2 <= counted.Count)
        {
            _log.Warning("{0} refuses connections (its process is gone), but only {1} of {2} members remain: left to the split-brain resolver", address, remaining, counted.Count);
            return;
        }

        _log.Warning("Downing {0}: its remoting port refuses connections, so its process is gone; {1} of {2} members remain", address, remaining, counted.Count);
        Context.System.EventStream.Publish(new CrashedMemberDowned(address));
        _cluster.Down(address);

        // Quarantining the dead incarnation makes the cluster mark it terminated at once, so the leader may remove
        // it (and the singleton move) on the next convergence instead of after the failure detector's verdict.
        if (((ExtendedActorSystem)Context.System).Provider is IRemoteActorRefProvider remoting)
        {
            remoting.Quarantine(address, probed.Member.Uid);
        }
    }

    private Member? MemberAt(Address address) => _members.Values.FirstOrDefault(m => m.Address.Equals(address));

    private List<Address> CountedMembers() => _members.Values
        .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting)
        .Select(m => m.Address)
        .ToList();

    private sealed record PortProbed(UniqueAddress Member, RemotingPortState State, int Attempt);

    private sealed record Reprobe(UniqueAddress Member, int Attempt);

    private sealed record Decide
    {
        public static readonly Decide Instance = new();
    }
}

/// <summary>Published on the event stream when a member is downed because its process was found gone.</summary>
public sealed record CrashedMemberDowned(Address Member);
