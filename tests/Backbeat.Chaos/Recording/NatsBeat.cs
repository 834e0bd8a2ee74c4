using Backbeat.Contracts;

namespace Backbeat.Chaos.Recording;

/// <summary>A frame as an outside NATS subscriber received it on <c>backbeat.{cluster}.beat</c>.</summary>
public sealed record NatsBeat(double ReceivedMs, BeatFrame Frame);
