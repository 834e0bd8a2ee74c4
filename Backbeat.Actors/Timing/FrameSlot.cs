namespace Backbeat.Timing;

/// <summary>
/// One phase of one beat on the timeline: the unit a BeatFrame announces.
/// </summary>
/// <param name="Ordinal">Position of the slot on the whole timeline: <c>BeatIndex * phases + Phase</c>.</param>
/// <param name="Start">When the phase starts (the frame's emission instant).</param>
/// <param name="Deadline">When the phase ends (the frame's <c>deadline_at</c>).</param>
public readonly record struct FrameSlot(
    long Ordinal,
    long BeatIndex,
    int Phase,
    bool Downbeat,
    decimal TempoBpm,
    DateTimeOffset Start,
    DateTimeOffset Deadline);
