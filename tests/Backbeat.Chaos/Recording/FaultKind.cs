namespace Backbeat.Chaos.Recording;

public enum FaultKind
{
    /// <summary>No fault: the cluster left alone, the baseline the others compare to.</summary>
    Steady,

    /// <summary>The leader's process gets SIGKILL, then is started again with the same flags.</summary>
    LeaderKill,

    /// <summary>The leader's process gets SIGTERM and shuts down in order, then is started again.</summary>
    GracefulStop,

    /// <summary>nats-server gets SIGKILL, then is started again on the same port.</summary>
    BrokerRestart,

    /// <summary>One backbeat node is cut off from every other member at the socket level, then healed.</summary>
    Partition,

    /// <summary>A tempo change is acknowledged, then the leader gets SIGKILL before the change takes effect.</summary>
    TempoChangeThenKill,

    /// <summary>
    /// The leader's process gets SIGSTOP for longer than failure detection and downing take, so the others elect a
    /// new leader, then SIGCONT: the woken leader's timer is overdue and it may emit before it learns it was downed
    /// (the zombie leader). It is started again if it stopped.
    /// </summary>
    LeaderPause,

    /// <summary>
    /// The leader's process gets SIGSTOP for a fraction of failure detection, then SIGCONT: no failover, the same
    /// leader carries on the same timeline, catching up the frames that fell due while it was frozen.
    /// </summary>
    LeaderShortPause,
}
