namespace Backbeat.Chaos.Cluster;

/// <summary>
/// How the harness' cluster runs. 60 BPM with three phases gives 333 ms frames, long enough that "at most one frame
/// lost" means something against process start-up and failure-detection times. Node ids end in distinct four
/// characters: the HLC suffix on every NATS frame names its emitter.
/// </summary>
public sealed record ChaosSettings
{
    public string ClusterId { get; init; } = "chaos";

    public decimal Bpm { get; init; } = 60;

    public decimal MinBpm { get; init; } = 30;

    public decimal MaxBpm { get; init; } = 120;

    public int Bar { get; init; } = 8;

    public IReadOnlyList<string> NodeIds { get; init; } = ["chaos-n001", "chaos-n002", "chaos-n003"];

    /// <summary>Where logs and the summary go (artifacts/chaos in the checkout by default).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>Build outputs of the node and the lighthouse.</summary>
    public required BuildOutputs Outputs { get; init; }

    /// <summary>How long a process may take to become ready after a start or restart.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
