using Akka.Pattern;

namespace Backbeat.Nats;

/// <summary>The publish breaker's state; the numbers are the values of the <c>backbeat_nats_breaker_state</c> gauge.</summary>
public enum NatsBreakerState
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}

public static class NatsBreakerStateExtensions
{
    public static NatsBreakerState StateOf(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        return breaker.IsOpen ? NatsBreakerState.Open
            : breaker.IsHalfOpen ? NatsBreakerState.HalfOpen
            : NatsBreakerState.Closed;
    }

    /// <summary>The name used in status answers: <c>closed</c>, <c>half-open</c>, <c>open</c>.</summary>
    public static string ToText(this NatsBreakerState state) => state switch
    {
        NatsBreakerState.Closed => "closed",
        NatsBreakerState.HalfOpen => "half-open",
        NatsBreakerState.Open => "open",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a breaker state"),
    };
}
