using Backbeat.Contracts;

namespace Backbeat.Nats;

// Messages the per-node NatsPublisher handles. None is answered except GetNatsStatus:
// publishing is fire-and-forget so that the emitter never waits for NATS.

/// <summary>Publish a leader frame on <c>backbeat.{cluster}.beat</c>. Only the leader's emitter sends this.</summary>
public sealed record PublishBeat(BeatFrame Frame);

/// <summary>Publish a control event on <c>backbeat.{cluster}.control</c>.</summary>
public sealed record PublishControl(ControlEvent Event);

/// <summary>Ask how publishing goes. Answered with <see cref="NatsStatus"/>.</summary>
public sealed record GetNatsStatus
{
    public static readonly GetNatsStatus Instance = new();
}

/// <summary>
/// The publisher's health, for <c>/health</c> and the dashboard. Counts are of messages since the publisher started:
/// <paramref name="Dropped"/> pushed out of the full queue, <paramref name="Refused"/> not tried because the breaker
/// was open, <paramref name="Errors"/> tried and failed.
/// </summary>
/// <param name="Configured">False when no NATS URL is set: publishes are ignored and nothing else here moves.</param>
/// <param name="BreakerState"><c>closed</c>, <c>half-open</c> or <c>open</c>.</param>
public sealed record NatsStatus(
    bool Configured,
    bool Connected,
    string BreakerState,
    long Published,
    long Dropped,
    long Refused,
    long Errors,
    string? LastError);
