using Akka.Actor;
using Akka.Event;

namespace Backbeat.Consumers;

/// <summary>
/// Runs phase handlers one at a time, on the thread pool, each with a token cancelled at its frame's deadline, and
/// tells its parent how each frame ended. Frames arriving while a handler runs wait in a <see cref="BoundedWorkQueue{T}"/>;
/// what the full queue leaves out, and what waited past its deadline, is accounted for as late without running.
/// </summary>
public sealed class PhaseWorker : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BoundedWorkQueue<RunPhase> _queue;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _running;

    public PhaseWorker(int queueCapacity, OverflowPolicy overflow, TimeProvider time)
    {
        _queue = new BoundedWorkQueue<RunPhase>(queueCapacity, overflow);
        _time = time;

        Receive<RunPhase>(HandleRunPhase);
        Receive<HandlerFinished>(HandleFinished);
    }

    public static Props Props(int queueCapacity, OverflowPolicy overflow, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new PhaseWorker(queueCapacity, overflow, time ?? TimeProvider.System));

    protected override void PostStop()
    {
        // A handler still running sees its token cancelled; its result has nowhere to go.
        _running?.Cancel();
        _running?.Dispose();
        _running = null;
    }

    private void HandleRunPhase(RunPhase run)
    {
        if (_running is null)
        {
            Start(run);
            return;
        }

        if (_queue.Offer(run) is { } leftOut)
        {
            _log.Debug("Work queue full ({0}); {1}/{2} left out", _queue.Capacity, leftOut.Frame.BeatIndex, leftOut.Frame.Phase);
            Context.Parent.Tell(new PhaseOutcome(leftOut.Frame, ClaimState.Late, PhaseOutcomeKind.Dropped, 0, $"work queue full ({_queue.Policy})"));
        }
    }

    private void Start(RunPhase run)
    {
        var left = run.Frame.DeadlineAt - _time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            Context.Parent.Tell(new PhaseOutcome(run.Frame, ClaimState.Late, PhaseOutcomeKind.Expired, 0, "deadline passed before the handler could start"));
            StartNext();
            return;
        }

        var deadline = new CancellationTokenSource(left, _time);
        _running = deadline;
        var started = _time.GetTimestamp();
        var time = _time;
        var token = deadline.Token;
        Task.Run(() => run.Handler(run.Frame, token), CancellationToken.None)
            .ContinueWith(
                task => new HandlerFinished(run, task.IsCanceled ? new OperationCanceledException(token) : task.Exception?.GetBaseException(), time.GetElapsedTime(started), time.GetUtcNow()),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void HandleFinished(HandlerFinished finished)
    {
        var cutOff = _running?.IsCancellationRequested ?? false;
        _running?.Dispose();
        _running = null;

        var frame = finished.Run.Frame;
        var duration = finished.Elapsed.TotalMilliseconds;
        var outcome = finished.Error switch
        {
            null => new PhaseOutcome(frame, finished.FinishedAt <= frame.DeadlineAt ? ClaimState.Done : ClaimState.Late, PhaseOutcomeKind.Completed, duration, null),
            OperationCanceledException when cutOff => new PhaseOutcome(frame, ClaimState.Late, PhaseOutcomeKind.CutOff, duration, "cancelled at the deadline"),
            var error => new PhaseOutcome(frame, ClaimState.Failed, PhaseOutcomeKind.Threw, duration, $"{error.GetType().Name}: {error.Message}"),
        };
        Context.Parent.Tell(outcome);
        StartNext();
    }

    private void StartNext()
    {
        if (_queue.TryTake(out var next))
        {
            Start(next!);
        }
    }

    private sealed record HandlerFinished(RunPhase Run, Exception? Error, TimeSpan Elapsed, DateTimeOffset FinishedAt);
}
