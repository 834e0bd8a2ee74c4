using Backbeat.Bench.Nodes;
using Backbeat.Pulse;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// Shared by every fan-out subscriber: for each frame of the measured window, how many subscribers got it and
/// the latest receive time among them. Lock-free (Interlocked), since 10,000 actors write at once.
/// </summary>
internal sealed class FanoutCollector : IBeatSink
{
    private readonly FrameOrdinals _ordinals;
    private readonly long _first;
    private readonly int[] _counts;
    private readonly long[] _lastReceived;
    private readonly long[] _firstReceived;

    public FanoutCollector(FrameOrdinals ordinals, long first, long last)
    {
        _ordinals = ordinals;
        _first = first;
        _counts = new int[last - first + 1];
        _lastReceived = new long[last - first + 1];
        _firstReceived = new long[last - first + 1];
        Array.Fill(_firstReceived, long.MaxValue);
    }

    public long First => _first;

    public long Last => _first + _counts.Length - 1;

    public void OnBeat(Beat beat, long receivedUtcTicks) => OnFrame(beat.Frame, receivedUtcTicks);

    public void OnFrame(Contracts.BeatFrame frame, long receivedUtcTicks)
    {
        var index = _ordinals.OrdinalOf(frame) - _first;
        if (index < 0 || index >= _counts.Length)
        {
            return;
        }

        Interlocked.Increment(ref _counts[index]);
        var seen = Volatile.Read(ref _lastReceived[index]);
        while (receivedUtcTicks > seen)
        {
            var was = Interlocked.CompareExchange(ref _lastReceived[index], receivedUtcTicks, seen);
            if (was == seen)
            {
                break;
            }

            seen = was;
        }

        var earliest = Volatile.Read(ref _firstReceived[index]);
        while (receivedUtcTicks < earliest)
        {
            var was = Interlocked.CompareExchange(ref _firstReceived[index], receivedUtcTicks, earliest);
            if (was == earliest)
            {
                break;
            }

            earliest = was;
        }
    }

    public int CountOf(long ordinal) => Volatile.Read(ref _counts[ordinal - _first]);

    public long LastReceivedOf(long ordinal) => Volatile.Read(ref _lastReceived[ordinal - _first]);

    public long FirstReceivedOf(long ordinal) => Volatile.Read(ref _firstReceived[ordinal - _first]);
}
