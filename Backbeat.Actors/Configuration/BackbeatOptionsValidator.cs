using Backbeat.Timing;
using Microsoft.Extensions.Options;

namespace Backbeat.Configuration;

/// <summary>Start-up checks of <see cref="BackbeatOptions"/>; every failure names the setting (as its flag) and the bad value.</summary>
public sealed class BackbeatOptionsValidator : IValidateOptions<BackbeatOptions>
{
    public ValidateOptionsResult Validate(string? name, BackbeatOptions options)
    {
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IEnumerable<string> Check(BackbeatOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ClusterId))
        {
            yield return "--cluster: must not be empty";
        }
        else if (o.ClusterId.Any(c => char.IsWhiteSpace(c) || c is '.' or '*' or '>'))
        {
            yield return $"--cluster: '{o.ClusterId}' cannot be part of a NATS subject (no spaces, '.', '*' or '>')";
        }

        if (string.IsNullOrWhiteSpace(o.NodeId))
        {
            yield return "--node-id: must not be empty";
        }

        var limitsValid = true;
        if (o.MinBpm <= 0 || !Tempo.IsRepresentable(o.MinBpm, out _))
        {
            limitsValid = false;
            yield return $"--min-bpm: {Tempo.Format(o.MinBpm)} must be a positive tempo with at most {Tempo.MaxDecimalPlaces} decimal places";
        }

        if (o.MaxBpm <= 0 || !Tempo.IsRepresentable(o.MaxBpm, out _))
        {
            limitsValid = false;
            yield return $"--max-bpm: {Tempo.Format(o.MaxBpm)} must be a positive tempo with at most {Tempo.MaxDecimalPlaces} decimal places";
        }

        if (limitsValid && o.MinBpm > o.MaxBpm)
        {
            limitsValid = false;
            yield return $"--min-bpm: {Tempo.Format(o.MinBpm)} is above --max-bpm {Tempo.Format(o.MaxBpm)}";
        }

        if (!Tempo.IsRepresentable(o.Bpm, out var bpmReason))
        {
            yield return $"--bpm: {bpmReason}";
        }
        else if (limitsValid && (o.Bpm < o.MinBpm || o.Bpm > o.MaxBpm))
        {
            yield return $"--bpm: {Tempo.Format(o.Bpm)} is outside [--min-bpm {Tempo.Format(o.MinBpm)}, --max-bpm {Tempo.Format(o.MaxBpm)}]";
        }

        if (o.Bar < 1)
        {
            yield return $"--bar: {o.Bar} must be at least 1";
        }

        var phases = o.EffectivePhases;
        if (phases.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"--phases: '{string.Join(',', phases)}' has an empty phase name";
        }
        else if (phases.Distinct(StringComparer.Ordinal).Count() != phases.Count)
        {
            yield return $"--phases: '{string.Join(',', phases)}' names a phase twice";
        }

        if (o.AdminPort is < 0 or > 65535)
        {
            yield return $"--admin-port: {o.AdminPort} is not a TCP port (0-65535)";
        }

        if (o.Port is < 0 or > 65535)
        {
            yield return $"--port: {o.Port} is not a TCP port (0-65535)";
        }

        if (string.IsNullOrWhiteSpace(o.Host))
        {
            yield return "--host: must not be empty";
        }

        foreach (var seed in o.Seeds)
        {
            if (!SeedAddress.TryParse(seed, out _, out var error))
            {
                yield return $"--seeds: {error}";
            }
        }

        foreach (var url in NatsUrls(o))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss") || string.IsNullOrEmpty(uri.Host))
            {
                yield return $"--nats: '{url}' is not a NATS URL (nats://host:port)";
            }
        }

        foreach (var failure in CheckNats(o))
        {
            yield return failure;
        }
    }

    private static IEnumerable<string> CheckNats(BackbeatOptions o)
    {
        var hasUser = !string.IsNullOrEmpty(o.NatsUser);
        var hasPassword = !string.IsNullOrEmpty(o.NatsPassword);
        if (hasUser != hasPassword)
        {
            yield return hasUser ? "--nats-password: required with --nats-user" : "--nats-user: required with --nats-password";
        }

        if (hasUser && !string.IsNullOrEmpty(o.NatsToken))
        {
            yield return "--nats-token: give either a token or --nats-user/--nats-password, not both";
        }

        if (!string.IsNullOrEmpty(o.NatsCaFile) && !File.Exists(o.NatsCaFile))
        {
            yield return $"--nats-ca-file: '{o.NatsCaFile}' does not exist";
        }

        if (o.NatsBreakerFailures < 1)
        {
            yield return $"--nats-breaker-failures: {o.NatsBreakerFailures} must be at least 1";
        }

        if (o.NatsBreakerTimeout <= TimeSpan.Zero)
        {
            yield return $"--nats-breaker-timeout: {o.NatsBreakerTimeout} must be positive";
        }

        if (o.NatsQueueCapacity is < 1 or > MaxNatsQueueCapacity)
        {
            yield return $"--nats-queue-capacity: {o.NatsQueueCapacity} must be between 1 and {MaxNatsQueueCapacity}";
        }
    }

    /// <summary>A bound on the NATS queue: frames older than this many are worthless to a beat subscriber anyway.</summary>
    public const int MaxNatsQueueCapacity = 1_048_576;

    /// <summary>The NATS server URLs named by <see cref="BackbeatOptions.Nats"/>, trimmed, empties dropped.</summary>
    public static IReadOnlyList<string> NatsUrls(BackbeatOptions o) =>
        (o.Nats ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
