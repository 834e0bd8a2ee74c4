namespace Backbeat.Consumers;

/// <summary>What a full work queue does with one more frame. Either way the frame left out is claimed <c>late</c>.</summary>
public enum OverflowPolicy
{
    /// <summary>Drop the oldest waiting frame, whose deadline is nearest, and queue the new one.</summary>
    DropOldest,

    /// <summary>Refuse the new frame and keep the queue as it is.</summary>
    RefuseNewest,
}

/// <summary>How a consumer runs its phase handlers.</summary>
public enum ConsumerMode
{
    /// <summary>One worker runs every phase in order: a slow phase delays the next (the guide's single-threaded mode, for low tempos).</summary>
    Sequential,

    /// <summary>One worker per phase: a slow <c>work</c> does not delay the next <c>plan</c> (the guide's pipelined mode).</summary>
    Pipelined,
}
