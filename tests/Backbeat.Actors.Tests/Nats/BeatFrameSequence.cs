using Backbeat.Clocks;
using Backbeat.Contracts;

namespace Backbeat.Tests.Nats;

/// <summary>Consecutive leader frames as an emitter would produce them: one per phase, three phases, bars of eight.</summary>
public sealed class BeatFrameSequence(string clusterId = BeatFrameSequence.Cluster, decimal tempoBpm = 120)
{
    public const string Cluster = "chorus-aus-01";

    private static readonly string[] Phases = ["plan", "work", "review"];
    private const int Bar = 8;
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private long _ordinal;

    public BeatFrame Next()
    {
        var ordinal = Interlocked.Increment(ref _ordinal) - 1;
        var beatIndex = ordinal / Phases.Length;
        var phaseLength = TimeSpan.FromTicks((long)(TimeSpan.TicksPerMinute / tempoBpm) / Phases.Length);
        return new BeatFrame
        {
            ClusterId = clusterId,
            BeatIndex = beatIndex,
            Downbeat = beatIndex % Bar == 0,
            Phase = Phases[ordinal % Phases.Length],
            Hlc = new HlcTimestamp(Start.ToUnixTimeMilliseconds() + ordinal, 0, "c123").ToString(),
            DeadlineAt = Start + phaseLength * (ordinal + 1),
            TempoBpm = tempoBpm,
            WindowId = WindowId.For(clusterId, beatIndex, Bar),
        };
    }

    /// <summary>Which frame of the sequence this is: 0 for the first.</summary>
    public static long OrdinalOf(BeatFrame frame) => frame.BeatIndex * Phases.Length + Array.IndexOf(Phases, frame.Phase);

    /// <summary>How many frames <see cref="Next"/> has handed out.</summary>
    public long Count => Interlocked.Read(ref _ordinal);

    public IReadOnlyList<BeatFrame> Take(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToList();
}
