namespace Backbeat.Consumers;

/// <summary>What the aggregator made of one claim.</summary>
public enum ClaimVerdict
{
    Accepted,

    /// <summary>Fields missing, of the wrong type or out of range; dropped.</summary>
    Malformed,

    /// <summary>A phase the cluster does not have, or a beat from before the aggregator saw any frame.</summary>
    Unknown,

    /// <summary>A (beat, phase) that has not started yet.</summary>
    Future,

    /// <summary>The claim's window is over: already reported, or its bar passed while no frames came.</summary>
    Closed,

    /// <summary>The agent already claimed that (beat, phase); the first claim stands.</summary>
    Duplicate,

    /// <summary>The window holds as many claims as it may.</summary>
    Overflow,
}
