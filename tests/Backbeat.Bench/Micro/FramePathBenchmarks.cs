using BenchmarkDotNet.Attributes;
using Backbeat.Clocks;
using Backbeat.Contracts;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Bench.Micro;

/// <summary>What the emitter and the followers do for every frame, one operation each.</summary>
[MemoryDiagnoser]
public class FramePathBenchmarks
{
    private readonly Timeline _timeline = new(
        [
            new TimelineEpoch(0, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), 120),
            new TimelineEpoch(800, new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero).AddSeconds(400), 132),
        ],
        phasesPerBeat: 3,
        beatsPerBar: 8);

    private readonly HybridLogicalClock _hlc = new("pulse-c0ffee");
    private readonly FrameFactory _factory = new("chorus-aus-01", ["plan", "work", "review"]);
    private BeatFrame _frame = null!;
    private byte[] _json = null!;
    private FrameSlot _slot;
    private long _ordinal = 1_000_000;
    private DateTimeOffset _instant;

    [GlobalSetup]
    public void Setup()
    {
        _slot = _timeline.Slot(_ordinal);
        _frame = _factory.Create(_timeline, _slot, _hlc.Now().ToString());
        _json = BeatFrameJson.ToUtf8(_frame);
        _instant = _timeline.InstantOf(_ordinal) + TimeSpan.FromMilliseconds(10);
    }

    [Benchmark(Description = "BeatFrameJson.ToUtf8")]
    public byte[] SerializeFrame() => BeatFrameJson.ToUtf8(_frame);

    [Benchmark(Description = "BeatFrameJson.Parse")]
    public BeatFrame ParseFrame() => BeatFrameJson.Parse(_json);

    [Benchmark(Description = "Timeline.Slot")]
    public FrameSlot Slot() => _timeline.Slot(_ordinal);

    [Benchmark(Description = "Timeline.InstantOf")]
    public DateTimeOffset InstantOf() => _timeline.InstantOf(_ordinal);

    [Benchmark(Description = "Timeline.OrdinalAt")]
    public long OrdinalAt() => _timeline.OrdinalAt(_instant);

    [Benchmark(Description = "WindowId.ForDownbeat")]
    public string WindowIdOfBar() => WindowId.ForDownbeat("chorus-aus-01", 1024);

    [Benchmark(Description = "HLC Now + ToString")]
    public string HlcNow() => _hlc.Now().ToString();

    [Benchmark(Description = "FrameFactory.Create (same bar)")]
    public BeatFrame CreateFrame() => _factory.Create(_timeline, _slot, "18c1f2a3b4d:0001:c123");
}
