using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Backbeat.Pulse;

namespace Backbeat.Consumers;

/// <summary>
/// An Akka.NET service's beat processing, made of parts: it subscribes itself to the node's <see cref="BeatFollower"/>,
/// hands each frame whose phase has a handler to a <see cref="PhaseWorker"/> (one per phase when pipelined, one for all
/// when sequential), keeps per-phase <see cref="PhaseStatistics"/>, and claims every handled phase
/// (<see cref="StatusClaim"/>) to the <see cref="WindowAggregator"/>.
/// </summary>
public sealed class BeatConsumer : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BeatConsumerOptions _options;
    private readonly IReadOnlyDictionary<string, PhaseHandler> _handlers;
    private readonly IActorRef _follower;
    private readonly TimeProvider _time;
    private readonly PhaseStatistics _statistics;
    private readonly Dictionary<string, IActorRef> _workers = new(StringComparer.Ordinal);
    private IActorRef _claims;
    private bool _warnedNoTarget;

    public BeatConsumer(BeatConsumerOptions options, PhaseHandlers handlers, IActorRef follower, IActorRef? claims, TimeProvider time)
    {
        _options = options.Validated();
        _handlers = handlers.ByPhase.ToDictionary(StringComparer.Ordinal);
        _follower = follower;
        _claims = claims ?? ActorRefs.Nobody;
        _time = time;
        _statistics = new PhaseStatistics(options.StatisticsSamples);

        Receive<Beat>(HandleBeat);
        Receive<PhaseOutcome>(HandleOutcome);
        Receive<GetConsumerStats>(_ => Sender.Tell(new ConsumerStats(_options.AgentId, _statistics.Snapshot(_handlers.Keys.ToList()))));
        Receive<Subscribed>(_ => _log.Debug("Consumer {0} follows the beat", _options.AgentId));
    }

    /// <param name="claims">Where claims go; null looks up the <see cref="WindowAggregator"/> proxy in the ActorRegistry.</param>
    public static Props Props(BeatConsumerOptions options, PhaseHandlers handlers, IActorRef follower, IActorRef? claims = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handlers);
        options.Validated();
        return Akka.Actor.Props.Create(() => new BeatConsumer(options, handlers, follower, claims, time ?? TimeProvider.System));
    }

    protected override void PreStart()
    {
        if (_options.Mode == ConsumerMode.Sequential)
        {
            var worker = Context.ActorOf(PhaseWorker.Props(_options.QueueCapacity, _options.Overflow, _time), "all-phases");
            foreach (var phase in _handlers.Keys)
            {
                _workers[phase] = worker;
            }
        }
        else
        {
            var n = 0;
            foreach (var phase in _handlers.Keys)
            {
                // Phase names come from configuration; the index keeps actor names valid whatever they contain.
                _workers[phase] = Context.ActorOf(PhaseWorker.Props(_options.QueueCapacity, _options.Overflow, _time), $"phase-{n++}");
            }
        }

        _follower.Tell(new SubscribeBeats(Self));
    }

    protected override void PostStop() => _follower.Tell(new UnsubscribeBeats(Self));

    private void HandleBeat(Beat beat)
    {
        if ((beat.IsLocal && !_options.ProcessLocalFrames) || !_handlers.TryGetValue(beat.Frame.Phase, out var handler))
        {
            return;
        }

        _workers[beat.Frame.Phase].Tell(new RunPhase(beat.Frame, handler));
    }

    /// <summary>
    /// The aggregator, looked up when first needed: hosting may register its proxy after this actor started.
    /// Without one, claims are not sent and the consumer keeps only its own figures.
    /// </summary>
    private IActorRef ClaimsTarget()
    {
        if (_claims.IsNobody() && ActorRegistry.For(Context.System).TryGet<WindowAggregator>(out var aggregator))
        {
            _claims = aggregator;
        }

        if (_claims.IsNobody() && !_warnedNoTarget)
        {
            _warnedNoTarget = true;
            _log.Warning("Consumer {0} has nowhere to send its claims (no window aggregator registered); it keeps only its own figures", _options.AgentId);
        }

        return _claims;
    }

    private void HandleOutcome(PhaseOutcome outcome)
    {
        _statistics.Record(outcome.Frame.Phase, outcome.State, outcome.Kind, outcome.DurationMs);
        if (outcome.State != ClaimState.Done)
        {
            _log.Debug("Consumer {0}: {1}/{2} {3} ({4})", _options.AgentId, outcome.Frame.BeatIndex, outcome.Frame.Phase, outcome.State, outcome.Error ?? outcome.Kind.ToString());
        }

        ClaimsTarget().Tell(new StatusClaim(_options.AgentId, outcome.Frame.BeatIndex, outcome.Frame.Phase, outcome.State, Math.Round(outcome.DurationMs, 3)));
    }
}

public static class BeatConsumerHostingExtensions
{
    /// <summary>
    /// Starts a <see cref="BeatConsumer"/> named <paramref name="name"/> on this node, registered in the ActorRegistry under
    /// <typeparamref name="TKey"/>. Call after <c>WithBackbeat</c>; its claims go to the aggregator of <c>WithBeatWindows</c>.
    /// </summary>
    public static AkkaConfigurationBuilder WithBeatConsumer<TKey>(this AkkaConfigurationBuilder builder, string name, BeatConsumerOptions options, PhaseHandlers handlers)
    {
        options.Validated();
        return builder.WithActors((system, registry) =>
        {
            var consumer = system.ActorOf(BeatConsumer.Props(options, handlers, registry.Get<BeatFollower>()), name);
            registry.Register<TKey>(consumer);
        });
    }
}
