namespace Backbeat.Configuration;

/// <summary>
/// The settings of SPEC §9, bound from the <c>Backbeat</c> configuration section (flags, environment
/// variables <c>BACKBEAT_*</c> and appsettings.json all land here). Checked by <see cref="BackbeatOptionsValidator"/>.
/// </summary>
public sealed class BackbeatOptions
{
    public const string SectionName = "Backbeat";

    /// <summary>The ActorSystem name every node and lighthouse uses, so seed addresses read akka.tcp://backbeat@host:port.</summary>
    public const string ActorSystemName = "backbeat";

    /// <summary>The cluster role of nodes that may host the leader.</summary>
    public const string BackbeatRole = "backbeat";

    /// <summary>The cluster role of seed nodes; they never host the leader.</summary>
    public const string LighthouseRole = "lighthouse";

    public string ClusterId { get; set; } = "chorus-aus-01";

    /// <summary>This node's id; generated as <c>pulse-</c> + 6 hex digits when not set.</summary>
    public string NodeId { get; set; } = GenerateNodeId();

    public decimal Bpm { get; set; } = 12;

    public int Bar { get; set; } = 8;

    /// <summary>Phase names, in order. Configuration may give a comma-separated string or a list.</summary>
    public List<string> Phases { get; set; } = [];

    public decimal MinBpm { get; set; } = 4;

    public decimal MaxBpm { get; set; } = 24;

    /// <summary>Comma-separated NATS server URLs; empty means publish nowhere.</summary>
    public string? Nats { get; set; }

    /// <summary>NATS user name; needs <see cref="NatsPassword"/>. Credentials in the URL work too.</summary>
    public string? NatsUser { get; set; }

    public string? NatsPassword { get; set; }

    /// <summary>NATS authentication token; an alternative to user and password.</summary>
    public string? NatsToken { get; set; }

    /// <summary>Require TLS to the NATS servers (a <c>tls://</c> URL requires it as well).</summary>
    public bool NatsTls { get; set; }

    /// <summary>PEM file of the certificate authorities trusted for the NATS servers' TLS certificates.</summary>
    public string? NatsCaFile { get; set; }

    /// <summary>Consecutive failed NATS publishes that open the circuit breaker.</summary>
    public int NatsBreakerFailures { get; set; } = 5;

    /// <summary>How long the open breaker refuses publishes before it lets one through to test the broker.</summary>
    public TimeSpan NatsBreakerTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages waiting for NATS at most; beyond it the oldest is dropped.</summary>
    public int NatsQueueCapacity { get; set; } = 1024;

    public int AdminPort { get; set; } = 8080;

    /// <summary>Akka remoting bind address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Address other nodes use to reach this one, when it differs from <see cref="Host"/>.</summary>
    public string? PublicHost { get; set; }

    public int Port { get; set; } = 4054;

    /// <summary>Seed node addresses (akka.tcp://backbeat@host:port); empty forms a one-node cluster with itself.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>Where durable state (the timeline) lives; empty keeps nothing across a full stop.</summary>
    public string? DataDir { get; set; }

    public string? AdminToken { get; set; }

    public static IReadOnlyList<string> DefaultPhases { get; } = ["plan", "work", "review"];

    /// <summary>The phases in force: the configured ones, or plan, work, review.</summary>
    public IReadOnlyList<string> EffectivePhases => Phases.Count == 0 ? DefaultPhases : Phases;

    public static string GenerateNodeId() => "pulse-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
