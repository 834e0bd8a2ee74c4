using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Backbeat.Pulse;

/// <summary>
/// Downs unreachable members as soon as the keep-majority decision is clear, instead of on the split-brain
/// resolver's next decision tick (Akka.NET 1.5 decides once a second, and the tick is not configurable; that
/// second is most of what a crashed leader costs past failure detection). It acts only in the unambiguous case:
/// the unreachable set has not changed for <c>stable-after</c>, this node is reachable, and its side holds a strict
/// majority of the members. Everything else (ties, indirectly connected nodes, the losing side) is left to the
/// resolver, which makes the same keep-majority decision. Downing twice is harmless.
/// </summary>
public sealed class MajorityDowner : ReceiveActor, IWithTimers
{
    private readonly TimeSpan _stableAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<Address> _unreachable = [];
    private DateTime _lastChange = DateTime.UtcNow;

    public MajorityDowner(TimeSpan stableAfter)
    {
        _stableAfter = stableAfter;
        Receive<ClusterEvent.CurrentClusterState>(HandleState);
        Receive<ClusterEvent.IMemberEvent>(HandleMemberEvent);
        Receive<ClusterEvent.UnreachableMember>(e => Changed(() => _unreachable.Add(e.Member.Address)));
        Receive<ClusterEvent.ReachableMember>(e => Changed(() => _unreachable.Remove(e.Member.Address)));
        Receive<Decide>(_ => HandleDecide());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan stableAfter) => Akka.Actor.Props.Create(() => new MajorityDowner(stableAfter));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

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

        var counted = _members.Values
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving or MemberStatus.Exiting)
            .Select(m => m.Address)
            .ToList();
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

    private sealed record Decide
    {
        public static readonly Decide Instance = new();
    }
}
