using Backbeat.Configuration;

namespace Backbeat.Lighthouse;

/// <summary>Settings of a seed node (SPEC §9), from flags or LIGHTHOUSE_* environment variables.</summary>
public sealed class LighthouseOptions
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The host name other nodes use to reach this one (e.g. a container's DNS name).</summary>
    public string? PublicHost { get; set; }

    public int Port { get; set; } = 4053;

    public List<string> Seeds { get; set; } = [];

    /// <summary>Port of the HTTP health endpoint (<c>/health</c>, <c>/live</c>, <c>/ready</c>).</summary>
    public int HealthPort { get; set; } = 4080;

    public string SelfAddress => $"akka.tcp://{BackbeatOptions.ActorSystemName}@{PublicHost ?? Host}:{Port}";

    public IEnumerable<string> Check()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return "--host: must not be empty";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"--port: {Port} is not a TCP port (1-65535)";
        }

        if (HealthPort is < 0 or > 65535)
        {
            yield return $"--health-port: {HealthPort} is not a TCP port (0-65535)";
        }

        foreach (var seed in Seeds)
        {
            if (!SeedAddress.TryParse(seed, out _, out var error))
            {
                yield return $"--seeds: {error}";
            }
        }
    }
}
