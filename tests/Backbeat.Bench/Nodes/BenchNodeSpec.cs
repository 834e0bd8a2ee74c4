using Akka.Actor;
using Backbeat.Configuration;
using Backbeat.Hosting;

namespace Backbeat.Bench.Nodes;

/// <summary>One in-process Backbeat node for a scenario: loopback remoting on a port the OS picks.</summary>
internal sealed record BenchNodeSpec
{
    public const string ClusterId = "bench-cluster";

    public decimal Bpm { get; init; } = 120;

    public int Bar { get; init; } = 8;

    public bool HostsLeader { get; init; } = true;

    /// <summary>Address of a node to join; null forms a one-node cluster with itself.</summary>
    public Address? Join { get; init; }

    /// <summary>Wrap remoting in Akka's throttler adapter (trttl) so the scenario can blackhole a peer.</summary>
    public bool Throttled { get; init; }

    public FailoverOptions Failover { get; init; } = new();

    /// <summary>NATS server URL the leader publishes to; null publishes nowhere.</summary>
    public string? Nats { get; init; }

    public BackbeatOptions ToOptions() => new()
    {
        ClusterId = ClusterId,
        Bpm = Bpm,
        Bar = Bar,
        MinBpm = 1,
        MaxBpm = 20_000,
        Host = "127.0.0.1",
        Port = 0,
        Nats = Nats,
    };
}
