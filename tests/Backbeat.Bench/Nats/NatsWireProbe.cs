using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Backbeat.Clocks;
using Backbeat.Timing;
using HdrHistogram;

namespace Backbeat.Bench.Nats;

/// <summary>
/// Splits the delivery figure at the subscriber's socket, beside the measured subscriber: a thread of its own reads the
/// NATS protocol straight off a blocking socket and stamps each frame of the node as its bytes arrive (no client
/// library, no hand-off between threads), and a probe publisher — a <see cref="PrecisionTimer"/> writing the protocol
/// to a socket of its own, half a phase after each frame's instant — goes through the same nats-server to the same
/// reader. The probe is the floor of the path on this machine at that moment (one timer, one server, one socket);
/// the node's frames at the socket, against it, are what the node's publishing adds; the measured subscriber, against
/// them, what the subscriber's client adds.
/// </summary>
internal sealed class NatsWireProbe : IAsyncDisposable
{
    private const string ProbeSubject = "backbeat.bench.wire-probe";

    private readonly Socket _reader;
    private readonly Socket _publisher;
    private readonly Thread _readThread;
    private readonly PrecisionTimer _timer;
    private readonly Timeline _timeline;
    private readonly TimeSpan _offset;
    private readonly long _first;
    private readonly long _last;
    private readonly string _beatSubject;
    private readonly long[] _nodeArrivals;
    private readonly long[] _probeArrivals;
    private volatile bool _stopping;

    private NatsWireProbe(int port, string beatSubject, Timeline timeline, long first, long last)
    {
        _timeline = timeline;
        _beatSubject = beatSubject;
        _first = first;
        _last = last;
        _offset = (timeline.InstantOf(first + 1) - timeline.InstantOf(first)) / 2;
        _nodeArrivals = new long[last - first + 1];
        _probeArrivals = new long[last - first + 1];
        _reader = Connect(port, $"SUB {beatSubject} 1\r\nSUB {ProbeSubject} 2\r\n");
        _publisher = Connect(port, string.Empty);
        _readThread = new Thread(ReadLoop) { IsBackground = true, Name = "bench-wire-probe" };
        _timer = new PrecisionTimer("bench-wire-pub", (ordinal, _, _) => Publish(ordinal));
    }

    /// <summary>Starts reading at once and publishing probes for the frames <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static NatsWireProbe Start(int port, string beatSubject, Timeline timeline, long first, long last)
    {
        var probe = new NatsWireProbe(port, beatSubject, timeline, first, last);
        probe._readThread.Start();
        probe._timer.Schedule(probe.ProbeInstant(first), first);
        return probe;
    }

    public WireSplit Result()
    {
        var node = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        var floor = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
        long missing = 0;
        for (var ordinal = _first; ordinal <= _last; ordinal++)
        {
            var nodeAt = Volatile.Read(ref _nodeArrivals[ordinal - _first]);
            var probeAt = Volatile.Read(ref _probeArrivals[ordinal - _first]);
            if (nodeAt == 0 || probeAt == 0)
            {
                missing++;
                continue;
            }

            node.RecordValue(Math.Clamp(nodeAt - _timeline.InstantOf(ordinal).UtcTicks, 0, node.HighestTrackableValue));
            floor.RecordValue(Math.Clamp(probeAt - ProbeInstant(ordinal).UtcTicks, 0, floor.HighestTrackableValue));
        }

        return new WireSplit(missing, Ms(node.GetValueAtPercentile(50)), Ms(node.GetValueAtPercentile(99)), Ms(node.GetMaxValue()),
            Ms(floor.GetValueAtPercentile(50)), Ms(floor.GetValueAtPercentile(99)), Ms(floor.GetMaxValue()));
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _timer.Dispose();
        _reader.Dispose();
        _publisher.Dispose();
        await Task.Run(() => _readThread.Join(TimeSpan.FromSeconds(5)));
    }

    private static Socket Connect(int port, string subscriptions)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect("127.0.0.1", port);
        socket.Send(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"backbeat-bench-wire\"}\r\n" + subscriptions + "PING\r\n"));
        return socket;
    }

    private DateTimeOffset ProbeInstant(long ordinal) => _timeline.InstantOf(ordinal) + _offset;

    private void Publish(long ordinal)
    {
        var body = ordinal.ToString(CultureInfo.InvariantCulture);
        _publisher.Send(Encoding.ASCII.GetBytes($"PUB {ProbeSubject} {body.Length}\r\n{body}\r\n"));
        if (ordinal < _last && !_stopping)
        {
            _timer.Schedule(ProbeInstant(ordinal + 1), ordinal + 1);
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        try
        {
            while (!_stopping)
            {
                var read = _reader.Receive(buffer.AsSpan(filled));
                var stamp = DateTimeOffset.UtcNow.UtcTicks;
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var consumed = ConsumeMessages(buffer.AsSpan(0, filled), stamp);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception) when (_stopping)
        {
            // The socket was closed under the blocking read.
        }
    }

    /// <summary>Handles every complete protocol line (and MSG payload) in <paramref name="data"/>; returns the bytes used.</summary>
    private int ConsumeMessages(ReadOnlySpan<byte> data, long stamp)
    {
        var used = 0;
        while (true)
        {
            var rest = data[used..];
            var lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return used;
            }

            var line = Encoding.ASCII.GetString(rest[..lineEnd]);
            if (line.StartsWith("PING", StringComparison.Ordinal))
            {
                _reader.Send("PONG\r\n"u8);
            }

            if (!line.StartsWith("MSG ", StringComparison.Ordinal))
            {
                used += lineEnd + 2;
                continue;
            }

            // MSG <subject> <sid> <size>
            var parts = line.Split(' ');
            var size = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            if (rest.Length < lineEnd + 2 + size + 2)
            {
                return used;
            }

            var payload = rest.Slice(lineEnd + 2, size);
            if (parts[1] == _beatSubject)
            {
                Stamp(_nodeArrivals, FrameOrdinalReader.Default.OrdinalOf(payload), stamp);
            }
            else
            {
                Stamp(_probeArrivals, long.Parse(payload, CultureInfo.InvariantCulture), stamp);
            }

            used += lineEnd + 2 + size + 2;
        }
    }

    private void Stamp(long[] arrivals, long ordinal, long stamp)
    {
        if (ordinal >= _first && ordinal <= _last)
        {
            Volatile.Write(ref arrivals[ordinal - _first], stamp);
        }
    }

    private static double Ms(long ticks) => (double)ticks / TimeSpan.TicksPerMillisecond;
}

/// <param name="Missing">Frames of the window for which the node's frame or the probe did not reach the socket.</param>
internal sealed record WireSplit(long Missing, double NodeP50Ms, double NodeP99Ms, double NodeMaxMs, double FloorP50Ms, double FloorP99Ms, double FloorMaxMs);
