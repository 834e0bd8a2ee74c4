using Akka.Actor;
using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// Runs the lateness loop on Akka's scheduler: on each <see cref="FrameDue"/> it records the lateness and
/// starts a single timer for the next frame's instant (or, woken before the instant, for the time left).
/// </summary>
internal sealed class FrameLoopActor : ReceiveActor, IWithTimers
{
    private const string FrameTimerKey = "next-frame";

    private readonly Timeline _timeline;
    private readonly LatenessRecorder _recorder;

    public FrameLoopActor(Timeline timeline, LatenessRecorder recorder)
    {
        _timeline = timeline;
        _recorder = recorder;
        Receive<FrameDue>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Timeline timeline, LatenessRecorder recorder) =>
        Akka.Actor.Props.Create(() => new FrameLoopActor(timeline, recorder));

    protected override void PreStart() => ScheduleFrame(0);

    private void Handle(FrameDue frame)
    {
        var instant = _timeline.InstantOf(frame.Ordinal);
        var now = DateTimeOffset.UtcNow;
        if (now < instant)
        {
            ScheduleFrame(frame.Ordinal);
        }
        else if (_recorder.Record(frame.Ordinal, instant, now))
        {
            ScheduleFrame(frame.Ordinal + 1);
        }
    }

    private void ScheduleFrame(long ordinal)
    {
        var wait = _timeline.InstantOf(ordinal) - DateTimeOffset.UtcNow;
        Timers.StartSingleTimer(FrameTimerKey, new FrameDue(ordinal), wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    /// <summary>The frame with this ordinal is due now.</summary>
    public sealed record FrameDue(long Ordinal);
}
