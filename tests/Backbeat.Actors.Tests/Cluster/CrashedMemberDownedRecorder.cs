using System.Collections.Concurrent;
using Akka.Actor;
using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

/// <summary>Every member a node's downer took for crashed (its port refused connections).</summary>
internal sealed class CrashedMemberDownedRecorder
{
    private readonly ConcurrentQueue<Address> _downed = new();

    public CrashedMemberDownedRecorder(TestNode node)
    {
        var actor = node.System.ActorOf(Props.Create(() => new RecorderActor(_downed)));
        node.System.EventStream.Subscribe(actor, typeof(CrashedMemberDowned));
    }

    public IReadOnlyList<Address> Downed => _downed.ToList();

    private sealed class RecorderActor : ReceiveActor
    {
        public RecorderActor(ConcurrentQueue<Address> downed) =>
            Receive<CrashedMemberDowned>(e => downed.Enqueue(e.Member));
    }
}
