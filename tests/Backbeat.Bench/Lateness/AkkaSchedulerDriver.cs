using Akka.Actor;
using Akka.Configuration;
using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// The loop inside an actor on Akka's own scheduler (actor timers over the default HashedWheelTimerScheduler,
/// <c>akka.scheduler.tick-duration</c> left at its default of 10 ms): what an emitter gets without a precise clock.
/// </summary>
internal sealed class AkkaSchedulerDriver : ILatenessDriver
{
    private ActorSystem? _system;

    public string Name => "akka_scheduler";

    public string Description => "Akka scheduler (actor timers)";

    public TimeSpan? WaitingThreadCpu => null;

    public string Notes => "akka.scheduler.tick-duration default (10 ms)";

    public void Start(Timeline timeline, LatenessRecorder recorder)
    {
        _system = ActorSystem.Create("backbeat-bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        _system.ActorOf(FrameLoopActor.Props(timeline, recorder), "frame-loop");
    }

    public async ValueTask DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.Terminate();
        }
    }
}
