using Backbeat.Contracts;
using Backbeat.Timing;

namespace Backbeat.Bench.Nodes;

/// <summary>Maps a received frame back to its timeline slot: ordinal = beat_index × phases + phase position.</summary>
internal sealed class FrameOrdinals
{
    private readonly IReadOnlyList<string> _phases;

    public FrameOrdinals(IReadOnlyList<string> phases) => _phases = phases;

    public static FrameOrdinals Default { get; } = new(Configuration.BackbeatOptions.DefaultPhases);

    public long OrdinalOf(BeatFrame frame)
    {
        for (var i = 0; i < _phases.Count; i++)
        {
            if (string.Equals(_phases[i], frame.Phase, StringComparison.Ordinal))
            {
                return frame.BeatIndex * _phases.Count + i;
            }
        }

        throw new ArgumentException($"frame phase '{frame.Phase}' is not one of [{string.Join(",", _phases)}]", nameof(frame));
    }

    /// <summary>How late a frame received at <paramref name="receivedUtcTicks"/> is against its timeline instant, in ticks.</summary>
    public static long LatenessTicks(Timeline timeline, long ordinal, long receivedUtcTicks) =>
        receivedUtcTicks - timeline.InstantOf(ordinal).UtcTicks;
}
