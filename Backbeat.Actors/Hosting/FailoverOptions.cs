namespace Backbeat.Hosting;

/// <summary>
/// How fast the cluster gives up on a silent node and moves the leader elsewhere. Faster means a shorter
/// beat gap after a crash, and more risk that a GC pause or CPU starvation longer than
/// <see cref="AcceptableHeartbeatPause"/> gets a healthy node downed (it then restarts). See README, Operations.
/// </summary>
public sealed record FailoverOptions
{
    public const string SectionName = "Backbeat:Failover";

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The floor of the heartbeat-interval deviation the phi-accrual detector assumes. Akka's default (100 ms) is
    /// as long as the whole heartbeat interval here, which stretches detection well past the acceptable pause.
    /// </summary>
    public TimeSpan MinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the split-brain resolver waits for membership to settle before downing.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long after a node is downed its singleton may be started elsewhere.</summary>
    public TimeSpan DownRemovalMargin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan HandOverRetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// When a member's connection drops, ask its host whether anything still listens on its remoting port, and down
    /// it at once if not (see <see cref="Pulse.MajorityDowner"/>). Null leaves crashes to the failure detector alone.
    /// </summary>
    public TimeSpan? CrashProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The HOCON that carries these settings (Akka.Cluster.Hosting does not expose them).</summary>
    public string ToHocon() => $$"""
        akka.cluster {
          failure-detector {
            heartbeat-interval = {{Ms(HeartbeatInterval)}}
            acceptable-heartbeat-pause = {{Ms(AcceptableHeartbeatPause)}}
            expected-response-after = {{Ms(HeartbeatInterval)}}
            min-std-deviation = {{Ms(MinStdDeviation)}}
          }
          split-brain-resolver.stable-after = {{Ms(StableAfter)}}
          down-removal-margin = {{Ms(DownRemovalMargin)}}
          gossip-interval = {{Ms(HeartbeatInterval)}}
          leader-actions-interval = {{Ms(HeartbeatInterval)}}
          unreachable-nodes-reaper-interval = {{Ms(HeartbeatInterval)}}
          singleton.hand-over-retry-interval = {{Ms(HandOverRetryInterval)}}
          singleton-proxy.singleton-identification-interval = {{Ms(HandOverRetryInterval)}}
          # Akka 1.5.73's proxy arms this warning's timer with no initial delay, so it claims "failed to find the
          # singleton after 30 seconds" the moment a node starts or a leader hands over. The follower reports a
          # leader that is really gone (degradation mode in its log, /health and backbeat_degradation_mode) instead.
          singleton-proxy.log-singleton-identification-failure = off
        }
        """;

    private static string Ms(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";
}
