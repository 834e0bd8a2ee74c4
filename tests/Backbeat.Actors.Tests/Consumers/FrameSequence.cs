using Backbeat.Contracts;

namespace Backbeat.Tests.Consumers;

/// <summary>The frames a leader of cluster <c>test-cluster</c> would emit: phases plan, work, review; bar of 4 beats.</summary>
public sealed class FrameSequence
{
    public const string ClusterId = "test-cluster";

    public static readonly IReadOnlyList<string> Phases = ["plan", "work", "review"];

    public const int Bar = 4;

    public decimal TempoBpm { get; init; } = 300;

    public DateTimeOffset Start { get; init; } = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public TimeSpan PhaseLength => TimeSpan.FromMinutes(1 / (double)TempoBpm / Phases.Count);

    public BeatFrame Frame(long beatIndex, string phase)
    {
        var ordinal = beatIndex * Phases.Count + IndexOf(phase);
        return new BeatFrame
        {
            ClusterId = ClusterId,
            BeatIndex = beatIndex,
            Downbeat = beatIndex % Bar == 0,
            Phase = phase,
            Hlc = "18c1f2a3b4d:0001:c123",
            DeadlineAt = Start + PhaseLength * (ordinal + 1),
            TempoBpm = TempoBpm,
            WindowId = WindowId.For(ClusterId, beatIndex, Bar),
        };
    }

    /// <summary>Every frame from (first beat, plan) up to and including (last beat, phase).</summary>
    public IEnumerable<BeatFrame> Through(long firstBeat, long lastBeat, string lastPhase = "review")
    {
        for (var beat = firstBeat; beat <= lastBeat; beat++)
        {
            foreach (var phase in Phases)
            {
                yield return Frame(beat, phase);
                if (beat == lastBeat && phase == lastPhase)
                {
                    yield break;
                }
            }
        }
    }

    private static int IndexOf(string phase) => Phases.ToList().IndexOf(phase);
}
