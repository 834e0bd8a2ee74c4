using Akka.Actor;
using Akka.Configuration;
using Backbeat.Clocks;
using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// Diagnostic: the <see cref="PrecisionTimer"/> as the leader and the follower use it, firing into an actor's
/// mailbox on Akka's default dispatcher (the thread pool); lateness is taken when the actor handles the message.
/// Against the plain timer it shows what one mailbox hop adds, which every frame pays at least twice
/// (timer → leader, follower → subscriber) on its way to a subscriber.
/// </summary>
internal sealed class ActorHopDriver : ILatenessDriver
{
    private ActorSystem? _system;
    private PrecisionTimer? _timer;

    public string Name => "backbeat_actor_hop";

    public string Description => "PrecisionTimer + one mailbox hop";

    public TimeSpan? WaitingThreadCpu => null;

    public string Notes => "diagnostic: lateness taken inside an actor on the default dispatcher";

    public void Start(Timeline timeline, LatenessRecorder recorder)
    {
        _system = ActorSystem.Create("backbeat-bench-hop", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var timerBox = new PrecisionTimer[1];
        var actor = _system.ActorOf(Props.Create(() => new HopActor(timeline, recorder, timerBox)), "hop");
        _timer = new PrecisionTimer("bench-actor-hop", (ordinal, _, _) => actor.Tell(new HopActor.Fired(ordinal)));
        timerBox[0] = _timer;
        _timer.Schedule(timeline.InstantOf(0), 0);
    }

    public async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        if (_system is not null)
        {
            await _system.Terminate();
        }
    }

    private sealed class HopActor : ReceiveActor
    {
        public HopActor(Timeline timeline, LatenessRecorder recorder, PrecisionTimer[] timer) =>
            Receive<Fired>(fired =>
            {
                if (recorder.Record(fired.Ordinal, timeline.InstantOf(fired.Ordinal), DateTimeOffset.UtcNow))
                {
                    timer[0].Schedule(timeline.InstantOf(fired.Ordinal + 1), fired.Ordinal + 1);
                }
            });

        public sealed record Fired(long Ordinal);
    }
}
