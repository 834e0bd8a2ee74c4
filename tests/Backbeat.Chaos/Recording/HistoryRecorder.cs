using Backbeat.Chaos.Cluster;
using Backbeat.Contracts;

namespace Backbeat.Chaos.Recording;

/// <summary>Collects observations from every source as they arrive, stamped on the round's clock.</summary>
public sealed class HistoryRecorder
{
    private readonly ChaosClock _clock;
    private readonly Lock _gate = new();
    private readonly List<NatsBeat> _nats = [];
    private readonly List<LocalBeat> _local = [];
    private readonly List<FaultRecord> _faults = [];

    public HistoryRecorder(ChaosClock clock) => _clock = clock;

    public ChaosClock Clock => _clock;

    public void OnNats(BeatFrame frame)
    {
        var at = _clock.NowMs;
        lock (_gate)
        {
            _nats.Add(new NatsBeat(at, frame));
        }
    }

    public void OnLocal(string nodeId, int session, bool isLocal, BeatFrame frame)
    {
        var at = _clock.NowMs;
        lock (_gate)
        {
            _local.Add(new LocalBeat(nodeId, session, at, isLocal, frame));
        }
    }

    public void OnFault(FaultRecord fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>NATS frames received since <paramref name="sinceMs"/>.</summary>
    public IReadOnlyList<NatsBeat> NatsSince(double sinceMs)
    {
        lock (_gate)
        {
            return _nats.Where(b => b.ReceivedMs >= sinceMs).ToList();
        }
    }

    /// <summary>Frames <paramref name="nodeId"/> delivered since <paramref name="sinceMs"/>.</summary>
    public IReadOnlyList<LocalBeat> LocalSince(string nodeId, double sinceMs)
    {
        lock (_gate)
        {
            return _local.Where(b => b.NodeId == nodeId && b.ReceivedMs >= sinceMs).ToList();
        }
    }

    public ChaosHistory Snapshot()
    {
        lock (_gate)
        {
            return new ChaosHistory(_nats.ToList(), _local.ToList(), _faults.ToList());
        }
    }
}
