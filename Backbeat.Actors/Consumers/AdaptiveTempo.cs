using Akka.Actor;
using Akka.Event;
using Backbeat.Pulse;

namespace Backbeat.Consumers;

/// <summary>
/// Feeds each closed window to a <see cref="TempoController"/> and carries out its advice: it asks the leader for the
/// tempo in force (and whether a change is pending), and when the controller proposes a change sends
/// <see cref="SetTempo"/> with the controller's reason as the justification, which the leader announces on the
/// control subject with its tempo_scheduled event. One window is weighed at a time; windows arriving meanwhile wait.
/// </summary>
public sealed class AdaptiveTempo : ReceiveActor, IWithStash
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TempoController _controller;
    private readonly IActorRef _leader;
    private readonly TimeSpan _timeout;
    private long _requested;
    private long _scheduled;
    private string? _lastReason;

    public AdaptiveTempo(TempoController controller, IActorRef leader, TimeSpan timeout)
    {
        _controller = controller;
        _leader = leader;
        _timeout = timeout;
        Ready();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(TempoController controller, IActorRef leader, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new AdaptiveTempo(controller, leader, timeout));

    private void Ready()
    {
        Receive<WindowReport>(HandleReport);
        Receive<GetAdaptiveTempoStatus>(_ => ReplyStatus());
    }

    private void Weighing()
    {
        Receive<WeighWindow>(HandleWeigh);
        Receive<TempoUnknown>(HandleTempoUnknown);
        Receive<SetTempoResult>(HandleResult);
        Receive<RequestFailed>(HandleRequestFailed);
        Receive<GetAdaptiveTempoStatus>(_ => ReplyStatus());
        Receive<WindowReport>(_ => Stash.Stash());
    }

    private void HandleReport(WindowReport report)
    {
        Become(Weighing);
        _leader.Ask<TempoStatus>(GetTempo.Instance, _timeout).PipeTo(
            Self,
            success: status => new WeighWindow(report, status),
            failure: e => new TempoUnknown(report.WindowId, e.Message));
    }

    private void HandleWeigh(WeighWindow weigh)
    {
        var advice = _controller.Observe(WindowObservation.From(weigh.Report), weigh.Status.CurrentBpm, weigh.Status.PendingBpm is not null);
        _lastReason = advice.Reason;
        if (advice is not ChangeTempo change)
        {
            _log.Debug("Adaptive tempo holds after window {0}: {1}", weigh.Report.WindowId, advice.Reason);
            Done();
            return;
        }

        _requested++;
        _log.Info("Adaptive tempo asks for {0} BPM: {1}", change.TempoBpm, change.Reason);
        _leader.Ask<SetTempoResult>(new SetTempo(change.TempoBpm, change.Reason), _timeout).PipeTo(
            Self,
            failure: e => new RequestFailed(e.Message));
    }

    private void HandleTempoUnknown(TempoUnknown unknown)
    {
        _log.Warning("Adaptive tempo skips window {0}: the leader did not tell the tempo ({1})", unknown.WindowId, unknown.Reason);
        Done();
    }

    private void HandleResult(SetTempoResult result)
    {
        if (result is TempoScheduled scheduled)
        {
            _scheduled++;
            _log.Info("Adaptive tempo change to {0} BPM scheduled for beat {1}", scheduled.TempoBpm, scheduled.EffectiveBeatIndex);
        }
        else
        {
            _controller.ChangeNotMade();
            _log.Warning("Adaptive tempo change not made: {0}", result);
        }

        Done();
    }

    private void HandleRequestFailed(RequestFailed failed)
    {
        _controller.ChangeNotMade();
        _log.Warning("Adaptive tempo change not made: the leader did not answer ({0})", failed.Reason);
        Done();
    }

    private void Done()
    {
        Become(Ready);
        Stash.UnstashAll();
    }

    private void ReplyStatus() => Sender.Tell(new AdaptiveTempoStatus(_requested, _scheduled, _lastReason));

    private sealed record WeighWindow(WindowReport Report, TempoStatus Status);

    private sealed record TempoUnknown(string WindowId, string Reason);

    private sealed record RequestFailed(string Reason);
}

/// <summary>Local only: ask the adaptive tempo actor what it did. Answered with <see cref="AdaptiveTempoStatus"/>.</summary>
public sealed record GetAdaptiveTempoStatus
{
    public static readonly GetAdaptiveTempoStatus Instance = new();
}

/// <param name="Requested">Changes asked of the leader.</param>
/// <param name="Scheduled">Changes the leader accepted.</param>
/// <param name="LastReason">The controller's reason after the last window it weighed.</param>
public sealed record AdaptiveTempoStatus(long Requested, long Scheduled, string? LastReason);
