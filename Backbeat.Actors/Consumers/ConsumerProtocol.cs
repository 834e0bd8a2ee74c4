using Backbeat.Contracts;

namespace Backbeat.Consumers;

// Messages between a BeatConsumer and its phase workers, and the consumer's own questions. All local.

/// <summary>Run <paramref name="Handler"/> for <paramref name="Frame"/>, or account for why it cannot.</summary>
public sealed record RunPhase(BeatFrame Frame, PhaseHandler Handler);

/// <summary>A worker's account of one frame: how it ended and how long its handler ran (0 when it never did).</summary>
public sealed record PhaseOutcome(BeatFrame Frame, ClaimState State, PhaseOutcomeKind Kind, double DurationMs, string? Error);

/// <summary>Ask a consumer for its figures. Answered with <see cref="ConsumerStats"/>.</summary>
public sealed record GetConsumerStats
{
    public static readonly GetConsumerStats Instance = new();
}

public sealed record ConsumerStats(string AgentId, IReadOnlyList<PhaseStats> Phases)
{
    public PhaseStats? For(string phase) => Phases.FirstOrDefault(p => p.Phase == phase);
}
