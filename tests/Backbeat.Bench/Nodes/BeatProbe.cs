using Akka.Actor;
using Backbeat.Pulse;

namespace Backbeat.Bench.Nodes;

/// <summary>What a probe does with each beat: the beat and the wall-clock ticks at which the probe received it.</summary>
internal interface IBeatSink
{
    void OnBeat(Beat beat, long receivedUtcTicks);
}

/// <summary>
/// A local subscriber of a node's follower that stamps each <see cref="Beat"/> with the wall clock as the first
/// thing it does and hands it to its sink; this is the receive time every scenario measures against.
/// </summary>
internal sealed class BeatProbe : ReceiveActor
{
    public BeatProbe(IBeatSink sink)
    {
        Receive<Beat>(beat => sink.OnBeat(beat, DateTimeOffset.UtcNow.UtcTicks));
        Receive<Subscribed>(_ => { });
    }

    public static Props Props(IBeatSink sink) => Akka.Actor.Props.Create(() => new BeatProbe(sink));
}
