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
}
