using Backbeat.Configuration;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Backbeat.Nats;

/// <summary>
/// What the <see cref="NatsPublisher"/> needs, taken from the validated <see cref="BackbeatOptions"/>
/// (<c>--nats</c> and the <c>--nats-*</c> settings). No URL means NATS is not configured: the node publishes nowhere.
/// </summary>
public sealed record NatsOptions
{
    public required string ClusterId { get; init; }

    /// <summary>The client connection name the servers show; the node id.</summary>
    public required string ConnectionName { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [];

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    public bool Tls { get; init; }

    public string? CaFile { get; init; }

    /// <summary>Consecutive failures that open the breaker (gobreaker's ReadyToTrip on ConsecutiveFailures).</summary>
    public int BreakerFailures { get; init; } = 5;

    /// <summary>How long the breaker stays open before it half-opens (gobreaker's Timeout).</summary>
    public TimeSpan BreakerTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int QueueCapacity { get; init; } = 1024;

    /// <summary>
    /// The longest one publish may take before it counts as failed. A beat frame older than this is of
    /// little use to anyone, so the loop moves on rather than wait.
    /// </summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Pause between reconnect attempts. Kept short (the client's default is 2-5 s) so that publishing
    /// resumes well within 2 s of the broker's return.
    /// </summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMilliseconds(250);

    public bool IsConfigured => Urls.Count > 0;

    public string BeatSubject => $"backbeat.{ClusterId}.beat";

    public string ControlSubject => $"backbeat.{ClusterId}.control";

    public static NatsOptions From(BackbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NatsOptions
        {
            ClusterId = options.ClusterId,
            ConnectionName = options.NodeId,
            Urls = BackbeatOptionsValidator.NatsUrls(options),
            User = Blank(options.NatsUser),
            Password = Blank(options.NatsPassword),
            Token = Blank(options.NatsToken),
            Tls = options.NatsTls,
            CaFile = Blank(options.NatsCaFile),
            BreakerFailures = options.NatsBreakerFailures,
            BreakerTimeout = options.NatsBreakerTimeout,
            QueueCapacity = options.NatsQueueCapacity,
        };
    }

    /// <summary>The client options: connect in the background and keep reconnecting for as long as the node runs.</summary>
    public NatsOpts ToClientOptions(ILoggerFactory loggerFactory) => new()
    {
        Url = string.Join(',', Urls),
        Name = ConnectionName,
        AuthOpts = new NatsAuthOpts { Username = User, Password = Password, Token = Token },
        TlsOpts = new NatsTlsOpts { Mode = Tls ? TlsMode.Require : TlsMode.Auto, CaFile = CaFile },
        LoggerFactory = loggerFactory,
        RetryOnInitialConnect = true,
        MaxReconnectRetry = -1,
        ReconnectWaitMin = ReconnectWait,
        ReconnectWaitMax = ReconnectWait,
        ReconnectJitter = TimeSpan.FromTicks(ReconnectWait.Ticks / 5),
        ConnectTimeout = PublishTimeout * 2,
        CommandTimeout = PublishTimeout,
        PublishTimeoutOnDisconnected = true,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
