using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;

namespace Backbeat.Tests.Cluster;

/// <summary>Timestamps the membership and reachability events one node sees, to tell where failover time goes.</summary>
public sealed class ClusterEventRecorder
{
    public ConcurrentQueue<(DateTimeOffset At, ClusterEvent.IClusterDomainEvent Event)> Events { get; } = new();

    public static ClusterEventRecorder Start(TestNode node)
    {
        var recorder = new ClusterEventRecorder();
        var actor = node.System.ActorOf(Props.Create(() => new RecorderActor(recorder)));
        node.Cluster.Subscribe(actor, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        return recorder;
    }

    /// <summary>When the first event of type <typeparamref name="T"/> about <paramref name="address"/> was seen.</summary>
    public DateTimeOffset? FirstAbout<T>(Address address)
        where T : ClusterEvent.IClusterDomainEvent =>
        Events.Where(e => e.Event is T && About(e.Event).Equals(address)).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();

    private static Address About(ClusterEvent.IClusterDomainEvent e) => e switch
    {
        ClusterEvent.MemberStatusChange m => m.Member.Address,
        ClusterEvent.ReachabilityEvent r => r.Member.Address,
        _ => Address.AllSystems,
    };

    private sealed class RecorderActor : ReceiveActor
    {
        public RecorderActor(ClusterEventRecorder recorder)
        {
            Receive<ClusterEvent.IClusterDomainEvent>(e => recorder.Events.Enqueue((DateTimeOffset.UtcNow, e)));
            ReceiveAny(_ => { });
        }
    }
}
