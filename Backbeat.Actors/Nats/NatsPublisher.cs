using Akka;
using Akka.Actor;
using Akka.Hosting;
using Backbeat.Configuration;
using Backbeat.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backbeat.Nats;

/// <summary>
/// Publishes the leader's BeatFrames and the control events to NATS (SPEC §2-§3), one per node.
/// Its handlers only queue (see <see cref="NatsOutbox"/>), so the emitter never waits for the broker, and nothing
/// the broker does can fail this actor: with the broker away it keeps running, counts, and reconnects on its own.
/// Without a configured URL it exists all the same, ignores publishes and reports <c>Configured = false</c>.
/// </summary>
public sealed class NatsPublisher : ReceiveActor
{
    public const string BreakerStateGauge = "backbeat_nats_breaker_state";

    private static readonly NatsStatus NotConfigured = new(
        Configured: false,
        Connected: false,
        BreakerState: NatsBreakerState.Closed.ToText(),
        Published: 0,
        Dropped: 0,
        Refused: 0,
        Errors: 0,
        LastError: null);

    private readonly NatsOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BackbeatMetrics? _metrics;
    private readonly ILogger _logger;
    private NatsOutbox? _outbox;
    private string? _startError;

    public NatsPublisher(NatsOptions options, ILoggerFactory loggerFactory, BackbeatMetrics? metrics)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger<NatsPublisher>();

        Receive<PublishBeat>(HandlePublishBeat);
        Receive<PublishControl>(HandlePublishControl);
        Receive<GetNatsStatus>(HandleGetStatus);
    }

    public static Props Props(NatsOptions options, ILoggerFactory? loggerFactory = null, BackbeatMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Akka.Actor.Props.Create(() => new NatsPublisher(options, loggerFactory ?? NullLoggerFactory.Instance, metrics));
    }

    protected override void PreStart()
    {
        if (!_options.IsConfigured)
        {
            _logger.LogInformation("No NATS server configured: beat frames and control events are not published");
            return;
        }

        NatsOutbox? outbox = null;
        try
        {
            outbox = new NatsOutbox(_options, Context.System.Scheduler, _loggerFactory, _metrics);
            outbox.Start();
            _outbox = outbox;
            _logger.LogInformation(
                "Publishing to NATS {Urls} on {BeatSubject} and {ControlSubject}",
                string.Join(',', _options.Urls),
                _options.BeatSubject,
                _options.ControlSubject);
        }
        catch (Exception ex)
        {
            // Bad client settings must not take the node down: it keeps beating for its local subscribers.
            _ = outbox?.DisposeAsync().AsTask();
            _outbox = null;
            _startError = ex.Message;
            _logger.LogError(ex, "NATS publisher could not start: {Reason}", ex.Message);
        }

        if (_outbox is not null)
        {
            FlushOnShutdown(_outbox);
        }

        _metrics?.CreateGauge(BreakerStateGauge, ObserveBreakerState, "NATS publish breaker: 0 closed, 1 half-open, 2 open");
    }

    protected override void PostStop()
    {
        var outbox = Interlocked.Exchange(ref _outbox, null);
        if (outbox is not null)
        {
            // Not awaited: blocking a dispatcher thread here can starve the very thread pool the outbox needs to
            // send what is still queued. The outbox finishes on its own within a few seconds and never throws;
            // on a node shutdown the coordinated-shutdown task registered in PreStart waits for it.
            _ = outbox.DisposeAsync().AsTask();
        }
    }

    /// <summary>
    /// PostStop cannot wait for the outbox without blocking a dispatcher thread, so a node that shuts down waits
    /// here instead: what is still queued (a last leader_changed, say) goes out before the process ends.
    /// </summary>
    private void FlushOnShutdown(NatsOutbox outbox)
    {
        try
        {
            CoordinatedShutdown.Get(Context.System).AddTask(
                CoordinatedShutdown.PhaseBeforeActorSystemTerminate,
                "nats-publisher-flush",
                async () =>
                {
                    await outbox.DisposeAsync().ConfigureAwait(false);
                    return Done.Instance;
                });
        }
        catch (Exception ex)
        {
            // Only when the node is already shutting down; PostStop still closes the outbox.
            _logger.LogWarning(ex, "NATS publisher could not join the coordinated shutdown: {Reason}", ex.Message);
        }
    }

    private void HandlePublishBeat(PublishBeat message)
    {
        if (message.Frame is null)
        {
            _logger.LogWarning("Ignored a PublishBeat without a frame from {Sender}", Sender);
            return;
        }

        _outbox?.TryEnqueue(NatsOutgoing.Of(message.Frame));
    }

    private void HandlePublishControl(PublishControl message)
    {
        if (message.Event is null)
        {
            _logger.LogWarning("Ignored a PublishControl without an event from {Sender}", Sender);
            return;
        }

        _outbox?.TryEnqueue(NatsOutgoing.Of(message.Event));
    }

    private void HandleGetStatus(GetNatsStatus message)
    {
        var status = _outbox?.Status()
            ?? (_startError is null
                ? NotConfigured
                : NotConfigured with { Configured = true, BreakerState = NatsBreakerState.Open.ToText(), LastError = _startError });
        Sender.Tell(status);
    }

    // Read by the metrics exporter on its own thread.
    private int ObserveBreakerState() => (int)(Volatile.Read(ref _outbox)?.BreakerState ?? (_startError is null ? NatsBreakerState.Closed : NatsBreakerState.Open));
}

public static class NatsPublisherHostingExtensions
{
    public const string ActorName = "nats-publisher";

    /// <summary>
    /// Starts this node's <see cref="NatsPublisher"/> and registers it as <c>NatsPublisher</c> in the actor registry.
    /// Uses the <see cref="ILoggerFactory"/> and <see cref="BackbeatMetrics"/> from DI when they are registered.
    /// </summary>
    public static AkkaConfigurationBuilder AddNatsPublisher(this AkkaConfigurationBuilder builder, BackbeatOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var natsOptions = NatsOptions.From(options);
        return builder.WithActors((system, registry, resolver) =>
        {
            var loggerFactory = resolver.GetService<ILoggerFactory>();
            var metrics = resolver.GetService<BackbeatMetrics>();
            var publisher = system.ActorOf(NatsPublisher.Props(natsOptions, loggerFactory, metrics), ActorName);
            registry.Register<NatsPublisher>(publisher);
        });
    }
}
