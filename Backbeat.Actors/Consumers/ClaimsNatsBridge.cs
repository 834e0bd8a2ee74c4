using Akka.Actor;
using Akka.Hosting;
using Backbeat.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;

namespace Backbeat.Consumers;

/// <summary>
/// Connects the <see cref="WindowAggregator"/> with services outside the cluster over NATS, one per node: it takes
/// status claims from <c>backbeat.{cluster}.status</c> (as a member of a queue group, so each claim reaches one node
/// and the aggregator once) and publishes the window reports its node's aggregator closes on
/// <c>backbeat.{cluster}.window</c>. Malformed payloads are counted, reported to the aggregator and dropped. Nothing
/// the broker does can fail this actor: the client reconnects on its own, and a failed subscription is retried.
/// </summary>
public sealed class ClaimsNatsBridge : ReceiveActor
{
    public const string QueueGroup = "backbeat-windows";

    private static readonly TimeSpan ResubscribeDelay = TimeSpan.FromSeconds(1);

    private readonly string _clusterId;
    private readonly NatsOpts _clientOptions;
    private readonly IActorRef _aggregator;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NatsConnection? _connection;
    private bool _subscribed;
    private long _received;
    private long _forwarded;
    private long _malformed;
    private long _published;
    private long _publishErrors;
    private string? _lastError;

    public ClaimsNatsBridge(string clusterId, NatsOpts clientOptions, IActorRef aggregator, ILoggerFactory loggerFactory)
    {
        _clusterId = clusterId;
        _clientOptions = clientOptions;
        _aggregator = aggregator;
        _logger = loggerFactory.CreateLogger<ClaimsNatsBridge>();

        Receive<ClaimPayload>(HandlePayload);
        Receive<PublishWindowReport>(HandlePublishReport);
        Receive<SubscriptionChanged>(changed => _subscribed = changed.Subscribed);
        Receive<ReportPublished>(_ => _published++);
        Receive<ReportNotPublished>(HandleReportNotPublished);
        Receive<GetClaimsBridgeStatus>(_ => Sender.Tell(new ClaimsBridgeStatus(_connection?.ConnectionState == NatsConnectionState.Open, _subscribed, _received, _forwarded, _malformed, _published, _publishErrors, _lastError)));
    }

    public string StatusSubject => StatusSubjectOf(_clusterId);

    public string WindowSubject => WindowSubjectOf(_clusterId);

    public static string StatusSubjectOf(string clusterId) => $"backbeat.{clusterId}.status";

    public static string WindowSubjectOf(string clusterId) => $"backbeat.{clusterId}.window";

    public static Props Props(string clusterId, NatsOpts clientOptions, IActorRef aggregator, ILoggerFactory? loggerFactory = null) =>
        Akka.Actor.Props.Create(() => new ClaimsNatsBridge(clusterId, clientOptions, aggregator, loggerFactory ?? NullLoggerFactory.Instance));

    /// <summary>Client options from <c>--nats</c>: connect in the background and keep reconnecting; null without a URL.</summary>
    public static NatsOpts? ClientOptionsFor(BackbeatOptions options) =>
        string.IsNullOrWhiteSpace(options.Nats)
            ? null
            : NatsOpts.Default with
            {
                Url = options.Nats,
                Name = $"{options.NodeId}-windows",
                RetryOnInitialConnect = true,
                MaxReconnectRetry = -1,
                ReconnectWaitMin = TimeSpan.FromMilliseconds(250),
                ReconnectWaitMax = TimeSpan.FromSeconds(2),
            };

    protected override void PreStart()
    {
        try
        {
            _connection = new NatsConnection(_clientOptions);
        }
        catch (Exception e)
        {
            // Bad client settings must not take the node down: windows still work inside the cluster.
            _lastError = e.Message;
            _logger.LogError(e, "Claims bridge could not create a NATS connection: {Reason}", e.Message);
            return;
        }

        var self = Self; // the loop runs outside the actor, so it must not touch Self
        _ = ListenAsync(_connection, self, _stopping.Token);
        _logger.LogInformation("Claims bridge listens on {StatusSubject} and publishes on {WindowSubject}", StatusSubject, WindowSubject);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        if (_connection is { } connection)
        {
            // Not awaited: blocking a dispatcher thread here could starve the thread pool the client needs to close.
            _ = connection.DisposeAsync().AsTask();
        }

        // _stopping is not disposed: the listening loop may still look at its token while it winds down, and a
        // source without a timer holds nothing that needs releasing.
    }

    private async Task ListenAsync(NatsConnection connection, IActorRef self, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var subscription = await connection.SubscribeCoreAsync<byte[]>(StatusSubject, QueueGroup, cancellationToken: stopping).ConfigureAwait(false);
                await connection.PingAsync(stopping).ConfigureAwait(false);
                self.Tell(new SubscriptionChanged(true));
                await foreach (var message in subscription.Msgs.ReadAllAsync(stopping).ConfigureAwait(false))
                {
                    self.Tell(new ClaimPayload(message.Data ?? []));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                self.Tell(new SubscriptionChanged(false));
                _logger.LogWarning(e, "Claims bridge lost its subscription to {Subject}; retrying in {Delay}", StatusSubject, ResubscribeDelay);
                try
                {
                    await Task.Delay(ResubscribeDelay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void HandlePayload(ClaimPayload payload)
    {
        _received++;
        if (StatusClaimJson.TryParse(payload.Data, out var claim, out var error))
        {
            _forwarded++;
            _aggregator.Tell(claim);
            return;
        }

        _malformed++;
        _aggregator.Tell(new MalformedClaim(error ?? "malformed"));
        _logger.LogDebug("Dropped a malformed claim on {Subject}: {Reason}", StatusSubject, error);
    }

    private void HandlePublishReport(PublishWindowReport publish)
    {
        if (_connection is not { } connection || publish.Report is null)
        {
            return;
        }

        connection.PublishAsync(WindowSubject, WindowReportJson.ToUtf8(publish.Report), cancellationToken: _stopping.Token)
            .AsTask()
            .PipeTo(Self, success: () => ReportPublished.Instance, failure: e => new ReportNotPublished(e.Message));
    }

    private void HandleReportNotPublished(ReportNotPublished failed)
    {
        _publishErrors++;
        _lastError = failed.Reason;
        _logger.LogWarning("Window report not published on {Subject}: {Reason}", WindowSubject, failed.Reason);
    }

    private sealed record ClaimPayload(byte[] Data);

    private sealed record SubscriptionChanged(bool Subscribed);

    private sealed record ReportPublished
    {
        public static readonly ReportPublished Instance = new();
    }

    private sealed record ReportNotPublished(string Reason);
}

/// <summary>Local only: ask the bridge how it goes. Answered with <see cref="ClaimsBridgeStatus"/>.</summary>
public sealed record GetClaimsBridgeStatus
{
    public static readonly GetClaimsBridgeStatus Instance = new();
}

/// <param name="Connected">Whether the NATS connection is open now.</param>
/// <param name="Subscribed">Whether the status subscription was made (the client restores it after a reconnect).</param>
public sealed record ClaimsBridgeStatus(bool Connected, bool Subscribed, long Received, long Forwarded, long Malformed, long ReportsPublished, long PublishErrors, string? LastError);

/// <summary>A claim that arrived from outside and could not be read; the aggregator counts it.</summary>
public sealed record MalformedClaim(string Reason);

public static class ClaimsNatsBridgeHostingExtensions
{
    /// <summary>Starts this node's <see cref="ClaimsNatsBridge"/>, forwarding to the aggregator registered under <c>WindowAggregator</c>.</summary>
    public static AkkaConfigurationBuilder WithClaimsNatsBridge(this AkkaConfigurationBuilder builder, string clusterId, NatsOpts clientOptions) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var loggerFactory = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var bridge = system.ActorOf(ClaimsNatsBridge.Props(clusterId, clientOptions, registry.Get<WindowAggregator>(), loggerFactory), "claims-nats-bridge");
            registry.Register<ClaimsNatsBridge>(bridge);
        });
}
