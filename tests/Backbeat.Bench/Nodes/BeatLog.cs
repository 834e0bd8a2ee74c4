using Backbeat.Pulse;

namespace Backbeat.Bench.Nodes;

/// <summary>One received frame: its timeline ordinal, when it arrived, and whether the leader or the local follower made it.</summary>
internal readonly record struct ReceivedBeat(long Ordinal, long ReceivedUtcTicks, BeatOrigin Origin);

/// <summary>Every frame one probe received, in arrival order. The probe writes, the scenario reads afterwards.</summary>
internal sealed class BeatLog : IBeatSink
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedBeat> _beats = new(capacity: 1 << 16);
    private readonly FrameOrdinals _ordinals;

    public BeatLog(FrameOrdinals ordinals) => _ordinals = ordinals;

    public void OnBeat(Beat beat, long receivedUtcTicks)
    {
        var entry = new ReceivedBeat(_ordinals.OrdinalOf(beat.Frame), receivedUtcTicks, beat.Origin);
        lock (_gate)
        {
            _beats.Add(entry);
        }
    }

    public IReadOnlyList<ReceivedBeat> Snapshot()
    {
        lock (_gate)
        {
            return _beats.ToArray();
        }
    }

    /// <summary>Waits until a frame with at least <paramref name="ordinal"/> has arrived.</summary>
    public async Task WaitForOrdinalAsync(long ordinal, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                if (_beats.Count > 0 && _beats[^1].Ordinal >= ordinal)
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no frame at or after ordinal {ordinal} within {timeout}");
            }

            await Task.Delay(20, cancellation);
        }
    }
}
