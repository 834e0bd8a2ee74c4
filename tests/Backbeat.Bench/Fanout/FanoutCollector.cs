using Backbeat.Bench.Nodes;
using Backbeat.Pulse;

namespace Backbeat.Bench.Fanout;

/// <summary>
/// What every fan-out subscriber received in the measured window: each subscriber writes its receive times into a
/// row of its own (<see cref="SinkFor"/>), so recording costs a plain store and the subscribers, running on every
/// core at once, never contend for a shared counter (which, 10,000 times a frame, would add to the very fan-out
/// time measured). Counts, first and last receive times per frame are read once the window is over.
/// </summary>
internal sealed class FanoutCollector
{
    private readonly FrameOrdinals _ordinals;
    private readonly long _first;
    private readonly int _frames;
    private readonly long[][] _received;

    public FanoutCollector(FrameOrdinals ordinals, int subscribers, long first, long last)
    {
        _ordinals = ordinals;
        _first = first;
        _frames = (int)(last - first + 1);
        _received = new long[subscribers][];
    }

    public long First => _first;

    public long Last => _first + _frames - 1;

    /// <summary>The sink of subscriber <paramref name="subscriber"/> (0 ≤ subscriber &lt; the count given at construction).</summary>
    public Row SinkFor(int subscriber) => new(this, _received[subscriber] = new long[_frames]);

    public int CountOf(long ordinal)
    {
        var count = 0;
        foreach (var row in _received)
        {
            count += row is not null && Volatile.Read(ref row[ordinal - _first]) != 0 ? 1 : 0;
        }

        return count;
    }

    public long LastReceivedOf(long ordinal) => _received.Where(r => r is not null).Max(r => Volatile.Read(ref r[ordinal - _first]));

    /// <summary>
    /// Writes every row (a subscriber's receive times by frame, 0 for none) for <see cref="ReadFrom"/>: how the NATS
    /// subscribers' child process hands its stamps back to the bench.
    /// </summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_first);
        writer.Write(_frames);
        writer.Write(_received.Length);
        foreach (var row in _received)
        {
            for (var frame = 0; frame < _frames; frame++)
            {
                writer.Write(row is null ? 0 : Volatile.Read(ref row[frame]));
            }
        }
    }

    public static FanoutCollector ReadFrom(BinaryReader reader, FrameOrdinals ordinals)
    {
        var first = reader.ReadInt64();
        var frames = reader.ReadInt32();
        var subscribers = reader.ReadInt32();
        var collector = new FanoutCollector(ordinals, subscribers, first, first + frames - 1);
        for (var subscriber = 0; subscriber < subscribers; subscriber++)
        {
            var row = collector._received[subscriber] = new long[frames];
            for (var frame = 0; frame < frames; frame++)
            {
                row[frame] = reader.ReadInt64();
            }
        }

        return collector;
    }

    public long FirstReceivedOf(long ordinal) => _received.Where(r => r is not null).Select(r => Volatile.Read(ref r[ordinal - _first])).Where(t => t != 0).DefaultIfEmpty().Min();

    /// <summary>One subscriber's receive times, by frame of the window (0: not received).</summary>
    internal sealed class Row(FanoutCollector collector, long[] received) : IBeatSink
    {
        public void OnBeat(Beat beat, long receivedUtcTicks) => OnFrame(beat.Frame, receivedUtcTicks);

        public void OnFrame(Contracts.BeatFrame frame, long receivedUtcTicks) => OnOrdinal(collector._ordinals.OrdinalOf(frame), receivedUtcTicks);

        /// <summary>For receivers that read the ordinal from the message without building a frame.</summary>
        public void OnOrdinal(long ordinal, long receivedUtcTicks)
        {
            var index = ordinal - collector._first;
            if (index >= 0 && index < received.Length && received[index] == 0)
            {
                Volatile.Write(ref received[index], receivedUtcTicks);
            }
        }
    }
}
