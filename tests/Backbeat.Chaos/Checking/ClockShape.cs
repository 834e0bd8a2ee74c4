using Backbeat.Contracts;

namespace Backbeat.Chaos.Checking;

/// <summary>The phases and bar the cluster runs with: what turns a frame into its slot ordinal and a tempo into a phase length.</summary>
public sealed record ClockShape(IReadOnlyList<string> Phases, int Bar)
{
    public static ClockShape Default { get; } = new(["plan", "work", "review"], 8);

    /// <summary><c>beat_index * phases + phase</c>: consecutive frames differ by exactly one.</summary>
    public long Ordinal(BeatFrame frame)
    {
        var phase = IndexOf(frame.Phase);
        if (phase < 0)
        {
            throw new ArgumentException($"phase '{frame.Phase}' is not one of {string.Join(",", Phases)}");
        }

        return frame.BeatIndex * Phases.Count + phase;
    }

    /// <summary>Whether <paramref name="ordinal"/> is the first phase of a downbeat.</summary>
    public bool IsDownbeatStart(long ordinal) => ordinal % (Phases.Count * (long)Bar) == 0;

    public double PhaseMs(decimal tempoBpm) => 60_000.0 / (double)tempoBpm / Phases.Count;

    private int IndexOf(string phase)
    {
        for (var i = 0; i < Phases.Count; i++)
        {
            if (string.Equals(Phases[i], phase, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
