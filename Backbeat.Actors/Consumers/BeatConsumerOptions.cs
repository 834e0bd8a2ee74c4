namespace Backbeat.Consumers;

/// <summary>How a <see cref="BeatConsumer"/> runs and what it claims.</summary>
public sealed record BeatConsumerOptions
{
    /// <summary>The <c>agent_id</c> of this consumer's claims; unique in the cluster.</summary>
    public required string AgentId { get; init; }

    public ConsumerMode Mode { get; init; } = ConsumerMode.Pipelined;

    /// <summary>Frames that may wait per worker while a handler runs; more are left out by <see cref="Overflow"/>.</summary>
    public int QueueCapacity { get; init; } = 4;

    public OverflowPolicy Overflow { get; init; } = OverflowPolicy.DropOldest;

    /// <summary>Whether frames the follower computes itself during degradation mode are processed (and claimed).</summary>
    public bool ProcessLocalFrames { get; init; } = true;

    /// <summary>Handler runs per phase the percentiles are taken over.</summary>
    public int StatisticsSamples { get; init; } = 1024;

    /// <summary>Throws with the name and value of the first setting that makes no sense.</summary>
    public BeatConsumerOptions Validated()
    {
        if (!StatusClaim.IsWellFormed(new StatusClaim(AgentId, 0, "phase", ClaimState.Done, 0), out var reason))
        {
            throw new ArgumentException($"{nameof(AgentId)} '{AgentId}' cannot be claimed under: {reason}", nameof(AgentId));
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, $"{nameof(Mode)} must be Sequential or Pipelined");
        }

        if (!Enum.IsDefined(Overflow))
        {
            throw new ArgumentOutOfRangeException(nameof(Overflow), Overflow, $"{nameof(Overflow)} must be DropOldest or RefuseNewest");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, $"{nameof(QueueCapacity)} must be at least 1, got {QueueCapacity}");
        }

        if (StatisticsSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StatisticsSamples), StatisticsSamples, $"{nameof(StatisticsSamples)} must be at least 1, got {StatisticsSamples}");
        }

        return this;
    }
}
