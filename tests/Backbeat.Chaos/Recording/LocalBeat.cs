using Backbeat.Contracts;

namespace Backbeat.Chaos.Recording;

/// <summary>
/// A frame one node's follower delivered to its local subscribers (read from its <c>/beats/stream</c>).
/// <paramref name="IsLocal"/>: computed by the node itself in degradation mode rather than relayed from the leader.
/// <paramref name="Session"/> counts the stream connections to that node: it changes when the node was restarted.
/// </summary>
public sealed record LocalBeat(string NodeId, int Session, double ReceivedMs, bool IsLocal, BeatFrame Frame);
