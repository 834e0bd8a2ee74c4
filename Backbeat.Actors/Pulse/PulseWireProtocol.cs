using Backbeat.Contracts;

namespace Backbeat.Pulse;

// Messages between the PulseLeader and the followers on every node (published on the frames topic).

/// <summary>A frame from the leader, with what a follower needs to reconcile it against its own timeline.</summary>
/// <param name="Ordinal">The frame's slot on the timeline: <c>beat_index * phases + phase</c>.</param>
/// <param name="TimelineRevision">The revision of the timeline the leader emitted it from.</param>
/// <param name="LeaderAddress">The leader's cluster address, so followers can watch its reachability.</param>
public sealed record LeaderBeat(BeatFrame Frame, long Ordinal, long TimelineRevision, string LeaderNodeId, string LeaderAddress);

/// <summary>A follower asks the leader for its timeline. Answered with a <see cref="TimelineDocument"/>.</summary>
public sealed record GetTimeline
{
    public static readonly GetTimeline Instance = new();
}
