using Backbeat.Contracts;
using Backbeat.Timing;

namespace Backbeat.Pulse;

/// <summary>Turns a timeline slot into the BeatFrame that announces it. Window ids are cached per bar.</summary>
public sealed class FrameFactory
{
    private readonly string _clusterId;
    private readonly IReadOnlyList<string> _phases;
    private long _cachedDownbeat = -1;
    private string _cachedWindowId = string.Empty;

    public FrameFactory(string clusterId, IReadOnlyList<string> phases)
    {
        _clusterId = clusterId;
        _phases = phases;
    }

    /// <summary>The name of phase 0, which a bar's first frame carries.</summary>
    public string FirstPhase => _phases[0];

    public BeatFrame Create(Timeline timeline, FrameSlot slot, string hlc)
    {
        var downbeat = slot.BeatIndex - slot.BeatIndex % timeline.BeatsPerBar;
        if (downbeat != _cachedDownbeat)
        {
            _cachedWindowId = WindowId.ForDownbeat(_clusterId, downbeat);
            _cachedDownbeat = downbeat;
        }

        return new BeatFrame
        {
            ClusterId = _clusterId,
            BeatIndex = slot.BeatIndex,
            Downbeat = slot.Downbeat,
            Phase = _phases[slot.Phase],
            Hlc = hlc,
            DeadlineAt = slot.Deadline,
            TempoBpm = slot.TempoBpm,
            WindowId = _cachedWindowId,
        };
    }
}
