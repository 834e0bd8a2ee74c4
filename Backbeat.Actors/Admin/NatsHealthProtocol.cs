namespace Backbeat.Admin;

// How the node's health checks learn the state of the NATS publisher without knowing its type:
// the publisher is registered in the ActorRegistry under NatsHealthProbe as well, and answers GetNatsHealth.

/// <summary>ActorRegistry key for the actor that answers <see cref="GetNatsHealth"/> (the NATS publisher).</summary>
public sealed class NatsHealthProbe
{
    private NatsHealthProbe()
    {
    }
}

/// <summary>Ask the NATS publisher how its connection and circuit breaker are. Answered with <see cref="NatsHealth"/>.</summary>
public sealed record GetNatsHealth
{
    public static readonly GetNatsHealth Instance = new();
}

/// <param name="Connected">Whether the NATS connection is open.</param>
/// <param name="BreakerOpen">Whether the publish circuit breaker currently refuses publishes.</param>
/// <param name="Detail">For people: server, breaker state, last error.</param>
public sealed record NatsHealth(bool Connected, bool BreakerOpen, string? Detail);
