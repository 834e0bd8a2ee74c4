using System.Diagnostics;
using Akka.Actor;
using Akka.Pattern;
using Backbeat.Contracts;
using Backbeat.Metrics;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace Backbeat.Nats;

/// <summary>
/// The machinery behind <see cref="NatsPublisher"/>: a <see cref="NatsPublishQueue"/> drained by one loop that
/// publishes in order through a circuit breaker onto one <see cref="NatsConnection"/>.
/// <para>
/// The breaker is Akka's <see cref="CircuitBreaker"/>, which has sony/gobreaker's semantics with MaxRequests = 1:
/// it opens after <see cref="NatsOptions.BreakerFailures"/> consecutive failures (a success resets the count),
/// refuses everything for <see cref="NatsOptions.BreakerTimeout"/>, then lets one publish through: success closes
/// it, failure opens it again. Polly's breaker is ratio-based over a sampling window, so it cannot say
/// "N consecutive failures" exactly.
/// </para>
/// <para>
/// A publish while the client is not connected fails at once instead of waiting for the reconnect: a beat frame
/// is only worth sending on time, and a waiting loop would only fill the queue with stale frames.
/// </para>
/// Thread-safety: <see cref="TryEnqueue"/> and <see cref="Status"/> may be called from any thread; the loop
/// is the only publisher.
/// </summary>
public sealed class NatsOutbox : IAsyncDisposable
{
    /// <summary>How long a stop waits for queued messages to go out before it abandons them.</summary>
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(1);

    /// <summary>Slack over the publish timeout for the steps of a stop that wait on a publish.</summary>
    private static readonly TimeSpan StopSlack = TimeSpan.FromMilliseconds(250);

    private readonly NatsOptions _options;
    private readonly NatsConnection _connection;
    private readonly CircuitBreaker _breaker;
    private readonly NatsPublishQueue _queue;
    private readonly ILogger _logger;
    private readonly BackbeatMetrics? _metrics;
    private readonly string _beatSubject;
    private readonly string _controlSubject;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _disposeGate = new();

    // Touched by the loop only.
    private bool _failing;

    private Task _drainLoop = Task.CompletedTask;
    private Task _connectLoop = Task.CompletedTask;
    private long _published;
    private long _refused;
    private long _errors;
    private string? _lastError;
    private int _outage;
    private int _disposed;
    private Task? _disposal;

    public NatsOutbox(NatsOptions options, IScheduler scheduler, ILoggerFactory loggerFactory, BackbeatMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!options.IsConfigured)
        {
            throw new ArgumentException("no NATS server URL is configured", nameof(options));
        }

        _options = options;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger<NatsOutbox>();
        _beatSubject = options.BeatSubject;
        _controlSubject = options.ControlSubject;
        _queue = new NatsPublishQueue(options.QueueCapacity);
        _queue.Dropped += OnDropped;
        _breaker = new CircuitBreaker(scheduler, options.BreakerFailures, options.PublishTimeout, options.BreakerTimeout)
            .OnOpen(OnBreakerOpen)
            .OnHalfOpen(OnBreakerHalfOpen)
            .OnClose(OnBreakerClose);
        _connection = new NatsConnection(options.ToClientOptions(loggerFactory));
        _connection.ConnectionOpened += OnConnectionOpened;
        _connection.ConnectionDisconnected += OnConnectionDisconnected;
    }

    public NatsBreakerState BreakerState => NatsBreakerStateExtensions.StateOf(_breaker);

    public bool Connected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>Starts connecting (in the background, retrying until the broker is there) and the publishing loop.</summary>
    public void Start()
    {
        _connectLoop = Task.Run(ConnectAsync);
        _drainLoop = Task.Run(DrainAsync);
    }

    /// <summary>Queues a message without waiting; the oldest queued one is dropped when the queue is full.</summary>
    public bool TryEnqueue(in NatsOutgoing message) => _queue.TryEnqueue(message);

    public NatsStatus Status() => new(
        Configured: true,
        Connected: Connected,
        BreakerState: BreakerState.ToText(),
        Published: Interlocked.Read(ref _published),
        Dropped: _queue.DroppedCount,
        Refused: Interlocked.Read(ref _refused),
        Errors: Interlocked.Read(ref _errors),
        LastError: Volatile.Read(ref _lastError));

    /// <summary>
    /// Lets queued messages go out for a moment, then stops the loop and closes the connection. Never throws;
    /// every caller awaits the same shutdown.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeGate)
        {
            _disposal ??= ShutDownAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task ShutDownAsync()
    {
        Volatile.Write(ref _disposed, 1);
        _queue.Complete();
        var drained = await Within(_drainLoop, DrainOnStop).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        drained = drained || await Within(_drainLoop, _options.PublishTimeout + StopSlack).ConfigureAwait(false);

        if (Connected)
        {
            // A round trip, so the server has everything written before it: the client does not flush on dispose.
            using var pingTimeout = new CancellationTokenSource(_options.PublishTimeout);
            await Within(_connection.PingAsync(pingTimeout.Token).AsTask(), _options.PublishTimeout + StopSlack).ConfigureAwait(false);
        }

        _connection.ConnectionOpened -= OnConnectionOpened;
        _connection.ConnectionDisconnected -= OnConnectionDisconnected;
        await Within(_connection.DisposeAsync().AsTask(), _options.PublishTimeout).ConfigureAwait(false);
        await Within(_connectLoop, _options.PublishTimeout).ConfigureAwait(false);
        if (drained)
        {
            _stopping.Dispose();
        }
    }

    private async Task<bool> Within(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("NATS publisher shutdown step did not finish within {Limit}", limit);
            return false;
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "NATS publisher shutdown step failed");
            return task.IsCompleted;
        }
    }

    private async Task ConnectAsync()
    {
        try
        {
            // Retries (RetryOnInitialConnect) until connected; after that the client reconnects on its own.
            await _connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_stopping.IsCancellationRequested || Volatile.Read(ref _disposed) == 1)
        {
            // Stopped before the broker ever answered.
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _lastError, ex.Message);
            _logger.LogError(ex, "NATS connection to {Urls} gave up: {Reason}", string.Join(',', _options.Urls), ex.Message);
        }
    }

    private async Task DrainAsync()
    {
        var reader = _queue.Reader;
        var stopping = _stopping.Token;
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (!stopping.IsCancellationRequested && reader.TryRead(out var message))
                {
                    await PublishAsync(message).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped with messages still queued; they are abandoned.
        }
        catch (Exception ex)
        {
            // PublishAsync catches everything, so this is a defect; the node goes on without NATS.
            Volatile.Write(ref _lastError, ex.Message);
            _logger.LogError(ex, "NATS publishing loop stopped");
        }
    }

    private async Task PublishAsync(NatsOutgoing message)
    {
        string subject;
        byte[] payload;
        try
        {
            (subject, payload) = message.Frame is { } frame
                ? (_beatSubject, BeatFrameJson.ToUtf8(frame))
                : (_controlSubject, ControlEventJson.ToUtf8(message.Control!));
        }
        catch (Exception ex)
        {
            // A message that cannot be written says nothing about the broker: counted, but not held against the breaker.
            RecordError(ex);
            _logger.LogError(ex, "NATS message could not be serialized");
            return;
        }

        if (_breaker.IsOpen)
        {
            Refuse();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // The breaker cancels the call's token when it runs past the publish timeout.
            await _breaker.WithCircuitBreaker(
                    (Outbox: this, Subject: subject, Payload: payload),
                    static (call, cancellationToken) => call.Outbox.SendCountingErrorsAsync(call.Subject, call.Payload, cancellationToken))
                .ConfigureAwait(false);
        }
        catch (OpenCircuitException)
        {
            Refuse();
            return;
        }
        catch (Exception ex)
        {
            if (!_failing)
            {
                _failing = true;
                _logger.LogWarning("NATS publish on {Subject} failed: {Reason}", subject, ex.Message);
            }

            return;
        }

        Interlocked.Increment(ref _published);
        _metrics?.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (_failing)
        {
            _failing = false;
            _logger.LogInformation("NATS publishing on {Subject} works again", subject);
        }
    }

    /// <summary>
    /// Counts a failed publish before the breaker sees it fail, so a status that shows the breaker open never
    /// shows fewer errors than the failures that opened it.
    /// </summary>
    private async Task SendCountingErrorsAsync(string subject, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(subject, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RecordError(ex);
            throw;
        }
    }

    private async Task SendAsync(string subject, byte[] payload, CancellationToken cancellationToken)
    {
        var state = _connection.ConnectionState;
        if (state != NatsConnectionState.Open && !_connectLoop.IsCompleted)
        {
            // The first connection is still being made (the node just started): wait for it within this call's
            // timeout, so what the leader says first — leader_changed, the first frames — is not lost to a race
            // with the handshake. Once connected, a lost connection fails publishes at once, as below.
            await _connectLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            state = _connection.ConnectionState;
        }

        if (state != NatsConnectionState.Open)
        {
            throw new NatsException($"not connected to NATS (connection {state})");
        }

        await _connection.PublishAsync(subject, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void Refuse()
    {
        Interlocked.Increment(ref _refused);
        _metrics?.NatsPublishErrors.Add(1);
    }

    private void RecordError(Exception ex)
    {
        Interlocked.Increment(ref _errors);
        Volatile.Write(ref _lastError, ex.Message);
        _metrics?.NatsPublishErrors.Add(1);
    }

    private void OnDropped(NatsOutgoing message) => _metrics?.NatsDroppedFrames.Add(1);

    // Breaker listeners run on the thread pool after the transition. While the broker stays away the breaker
    // swings open → half-open → open every timeout; only the first opening and the closing are worth a warning.
    private void OnBreakerOpen()
    {
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            _logger.LogWarning(
                "NATS publish breaker opened after {Failures} consecutive failures (last: {Reason}); publishes are refused, one is tried every {Timeout}",
                _options.BreakerFailures,
                _breaker.LastCaughtException?.Message,
                _options.BreakerTimeout);
        }
        else
        {
            _logger.LogDebug("NATS publish breaker opened again: the trial publish failed ({Reason})", _breaker.LastCaughtException?.Message);
        }
    }

    private void OnBreakerHalfOpen() => _logger.LogDebug("NATS publish breaker half-open: the next publish is a trial");

    private void OnBreakerClose()
    {
        Interlocked.Exchange(ref _outage, 0);
        _logger.LogInformation("NATS publish breaker closed: publishing resumed");
    }

    private ValueTask OnConnectionOpened(object? sender, NatsEventArgs args)
    {
        _logger.LogInformation("NATS connected to {Url} as {Name}", args.Message, _options.ConnectionName);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnConnectionDisconnected(object? sender, NatsEventArgs args)
    {
        _logger.LogWarning("NATS disconnected from {Url}; reconnecting every {Wait}", args.Message, _options.ReconnectWait);
        return ValueTask.CompletedTask;
    }
}
