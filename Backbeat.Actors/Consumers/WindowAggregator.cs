using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Event;
using Akka.Hosting;
using Backbeat.Configuration;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Consumers;

/// <summary>
/// The cluster's one collector of status claims (a ClusterSingleton next to the <see cref="PulseLeader"/>). It follows
/// the beat through its node's <see cref="BeatFollower"/>, so it knows which beats exist, judges every claim (see
/// <see cref="WindowAggregation"/>), and at each window's close keeps the report, hands it to the node's NATS bridge and,
/// when adaptive tempo is on, to its <see cref="AdaptiveTempo"/> child. Reports live in memory: a new aggregator after a
/// failover starts with none.
/// </summary>
public sealed class WindowAggregator : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WindowAggregation _aggregation;
    private readonly WindowAggregatorOptions _options;
    private readonly PulseSettings _settings;
    private readonly IActorRef _follower;
    private readonly IActorRef _leader;
    private IActorRef _reportSink;
    private IActorRef _adaptive = ActorRefs.Nobody;

    public WindowAggregator(PulseSettings settings, WindowAggregatorOptions options, IActorRef follower, IActorRef leader, IActorRef? reportSink)
    {
        _settings = settings;
        _options = options.Validated();
        _follower = follower;
        _leader = leader;
        _reportSink = reportSink ?? ActorRefs.Nobody;
        _aggregation = new WindowAggregation(settings.ClusterId, settings.Phases, settings.Bar, _options);

        Receive<Beat>(HandleBeat);
        Receive<StatusClaim>(HandleClaim);
        Receive<MalformedClaim>(HandleMalformed);
        Receive<GetWindows>(HandleGetWindows);
        Receive<GetWindow>(HandleGetWindow);
        Receive<GetClaimCounts>(_ => Sender.Tell(_aggregation.Counts));
        Receive<Subscribed>(_ => _log.Debug("Window aggregator follows the beat"));
    }

    /// <param name="reportSink">Where closed reports go to be published; null looks up this node's <see cref="ClaimsNatsBridge"/>.</param>
    public static Props Props(PulseSettings settings, WindowAggregatorOptions options, IActorRef follower, IActorRef leader, IActorRef? reportSink = null) =>
        Akka.Actor.Props.Create(() => new WindowAggregator(settings, options, follower, leader, reportSink));

    protected override void PreStart()
    {
        if (_options.Adaptive.Enabled)
        {
            var rules = new TempoRules(_settings.MinBpm, _settings.MaxBpm);
            _adaptive = Context.ActorOf(AdaptiveTempo.Props(new TempoController(_options.Adaptive.Controller, rules), _leader, _options.Adaptive.LeaderTimeout), "adaptive-tempo");
        }

        _follower.Tell(new SubscribeBeats(Self));
        _log.Info("Window aggregator for cluster {0} started (bar {1}, adaptive tempo {2})", _settings.ClusterId, _settings.Bar, _options.Adaptive.Enabled ? "on" : "off");
    }

    protected override void PostStop() => _follower.Tell(new UnsubscribeBeats(Self));

    private void HandleBeat(Beat beat)
    {
        foreach (var report in _aggregation.Observe(beat.Frame, DateTimeOffset.UtcNow))
        {
            _log.Debug(
                "Window {0} (downbeat {1}) closed: {2} participants, {3} claims, completion {4}, misses {5}",
                report.WindowId, report.DownbeatIndex, report.Participants, report.Claims, report.CompletionRate, report.DeadlineMissRate);
            ReportSink().Tell(new PublishWindowReport(report));
            _adaptive.Tell(report);
        }
    }

    /// <summary>Looked up when first needed rather than at configuration time: the bridge may be registered after the singleton.</summary>
    private IActorRef ReportSink()
    {
        if (_reportSink.IsNobody() && ActorRegistry.For(Context.System).TryGet<ClaimsNatsBridge>(out var bridge))
        {
            _reportSink = bridge;
        }

        return _reportSink;
    }

    private void HandleClaim(StatusClaim claim)
    {
        var verdict = _aggregation.Submit(claim);
        if (verdict != ClaimVerdict.Accepted)
        {
            _log.Debug("Claim {0} from {1} refused: {2}", claim, Sender, verdict);
        }
    }

    private void HandleMalformed(MalformedClaim malformed)
    {
        _aggregation.Submit(null);
        _log.Debug("Malformed claim from {0}: {1}", Sender, malformed.Reason);
    }

    private void HandleGetWindows(GetWindows request) =>
        Sender.Tell(new WindowReports(_aggregation.Latest(Math.Clamp(request.Count, 0, _options.KeepWindows))));

    private void HandleGetWindow(GetWindow request) =>
        Sender.Tell(new WindowLookup(request.WindowId, request.WindowId is null ? null : _aggregation.Find(request.WindowId)));
}

/// <summary>Hosting for the window aggregator and its NATS bridge.</summary>
public static class WindowAggregatorHostingExtensions
{
    public const string SingletonName = "beat-windows";

    /// <summary>
    /// Adds the <see cref="WindowAggregator"/>: hosted as a ClusterSingleton on <c>backbeat</c> nodes when
    /// <paramref name="hostsAggregator"/>, reached through a proxy otherwise (registered under <c>WindowAggregator</c>
    /// either way). Call after <c>WithBackbeat</c>. With a NATS URL in <see cref="BackbeatOptions.Nats"/> (or explicit
    /// <paramref name="nats"/> client options), every node also runs a <see cref="ClaimsNatsBridge"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithBeatWindows(
        this AkkaConfigurationBuilder builder,
        BackbeatOptions options,
        bool hostsAggregator,
        WindowAggregatorOptions? windows = null,
        NATS.Client.Core.NatsOpts? nats = null)
    {
        var settings = PulseSettings.From(options);
        var singletonOptions = new ClusterSingletonOptions { Role = BackbeatOptions.BackbeatRole };

        if (hostsAggregator)
        {
            builder.WithSingleton<WindowAggregator>(
                SingletonName,
                (_, registry, resolver) => WindowAggregator.Props(
                    settings,
                    // Explicit options win; otherwise the host's bound Backbeat:Windows section, else the defaults.
                    (windows ?? resolver.GetService<Microsoft.Extensions.Options.IOptions<WindowAggregatorOptions>>()?.Value ?? new WindowAggregatorOptions()).Validated(),
                    registry.Get<BeatFollower>(),
                    registry.Get<PulseLeader>()),
                singletonOptions,
                createProxyToo: true);
        }
        else
        {
            builder.WithSingletonProxy<WindowAggregator>(SingletonName, singletonOptions);
        }

        var clientOptions = nats ?? ClaimsNatsBridge.ClientOptionsFor(options);
        if (clientOptions is not null)
        {
            builder.WithClaimsNatsBridge(settings.ClusterId, clientOptions);
        }

        return builder;
    }
}
