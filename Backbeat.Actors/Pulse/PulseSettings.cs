using Backbeat.Configuration;

namespace Backbeat.Pulse;

/// <summary>What the leader and the followers of one cluster agree on, derived from <see cref="BackbeatOptions"/>.</summary>
public sealed record PulseSettings
{
    public required string ClusterId { get; init; }

    public required string NodeId { get; init; }

    /// <summary>Tempo, bar and phases for a brand-new cluster; a stored timeline wins over them.</summary>
    public required decimal InitialBpm { get; init; }

    public required int Bar { get; init; }

    public required IReadOnlyList<string> Phases { get; init; }

    public required decimal MinBpm { get; init; }

    public required decimal MaxBpm { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>How long a majority read or write of the timeline may take.</summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a new leader waits for a majority read of the timeline before it weighs its local copies. Short,
    /// because the replicator asks one peer first and the rest only after a fifth of this: with a long timeout a
    /// hand-over whose first pick is the node that is leaving waits that long, and frames go missing.
    /// </summary>
    public TimeSpan TakeoverReadTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A leader that could not run for longer than this (a frozen process, a long GC, a starved dispatcher) may have
    /// been taken for dead and replaced meanwhile: before its next frame it asks a majority of replicas, which a
    /// node the others have removed cannot reach. The failure detector's acceptable heartbeat pause: a shorter
    /// stall cannot have made anyone suspect this node.
    /// </summary>
    public TimeSpan StallLimit { get; init; } = new Hosting.FailoverOptions().AcceptableHeartbeatPause;

    /// <summary>
    /// A tempo change lands on the first downbeat at least this far ahead, so it is stored with majority
    /// consistency before the beat it changes; it must exceed <see cref="StoreTimeout"/>.
    /// </summary>
    public TimeSpan TempoChangeLead => StoreTimeout + TimeSpan.FromMilliseconds(500);

    /// <summary>The distributed pub-sub topic leader frames and timeline announcements travel on.</summary>
    public string FramesTopic => $"backbeat.{ClusterId}.frames";

    /// <summary>The DistributedData key the timeline is replicated under.</summary>
    public string TimelineKey => $"backbeat-timeline-{ClusterId}";

    public static PulseSettings From(BackbeatOptions options) => new()
    {
        ClusterId = options.ClusterId,
        NodeId = options.NodeId,
        InitialBpm = options.Bpm,
        Bar = options.Bar,
        Phases = options.EffectivePhases.ToArray(),
        MinBpm = options.MinBpm,
        MaxBpm = options.MaxBpm,
        DataDirectory = options.DataDir,
    };
}
