using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Recording;
using Backbeat.Contracts;

namespace Backbeat.Chaos.Tests.Checking;

/// <summary>
/// Writes a recording by hand: frames on NATS and local deliveries at chosen receive times, and faults. Slots are
/// ordinals (beat * 3 + phase) at 60 BPM unless a tempo is given; the emitter is named by its four-character suffix.
/// </summary>
internal sealed class HistoryBuilder
{
    public const double PhaseMs = 1000.0 / 3;

    private static readonly string[] Phases = ["plan", "work", "review"];

    private readonly List<NatsBeat> _nats = [];
    private readonly List<LocalBeat> _local = [];
    private readonly List<FaultRecord> _faults = [];

    public static ClockShape Shape => ClockShape.Default;

    /// <summary>One frame per slot from <paramref name="firstSlot"/> to <paramref name="lastSlot"/>, a phase apart, from <paramref name="atMs"/>.</summary>
    public HistoryBuilder Nats(long firstSlot, long lastSlot, string emitter, double atMs, decimal tempo = 60)
    {
        for (var slot = firstSlot; slot <= lastSlot; slot++)
        {
            _nats.Add(new NatsBeat(atMs + (slot - firstSlot) * PhaseMs, Frame(slot, emitter, tempo)));
        }

        return this;
    }

    public HistoryBuilder NatsAt(long slot, string emitter, double atMs, decimal tempo = 60)
    {
        _nats.Add(new NatsBeat(atMs, Frame(slot, emitter, tempo)));
        return this;
    }

    public HistoryBuilder Local(string nodeId, long firstSlot, long lastSlot, double atMs)
    {
        for (var slot = firstSlot; slot <= lastSlot; slot++)
        {
            _local.Add(new LocalBeat(nodeId, 1, atMs + (slot - firstSlot) * PhaseMs, false, Frame(slot, "n001", 60)));
        }

        return this;
    }

    public HistoryBuilder Fault(FaultKind kind, double injectedMs, double endMs, params string[] survivors) =>
        Fault(kind, injectedMs, endMs, null, survivors);

    public HistoryBuilder Fault(FaultKind kind, double injectedMs, double endMs, TempoPromise? promise, params string[] survivors)
    {
        _faults.Add(new FaultRecord(kind.ToString(), _faults.Count + 1, kind, "n001", true, injectedMs, endMs, endMs, survivors, promise));
        return this;
    }

    public FaultVerdict JudgeOnly() => Assert.Single(new HistoryChecker(Shape).Judge(Build()));

    public ChaosHistory Build() => new(_nats.ToList(), _local.ToList(), _faults.ToList());

    private static BeatFrame Frame(long slot, string emitter, decimal tempo)
    {
        var beat = slot / Phases.Length;
        return new BeatFrame
        {
            ClusterId = "chaos",
            BeatIndex = beat,
            Downbeat = beat % 8 == 0,
            Phase = Phases[slot % Phases.Length],
            Hlc = $"18c1f2a3b4d:0000:{emitter}",
            DeadlineAt = DateTimeOffset.UnixEpoch,
            TempoBpm = tempo,
            WindowId = WindowId.For("chaos", beat, 8),
        };
    }
}
