using Akka.Actor;
using Backbeat.Pulse;

namespace Backbeat.Node.Tests.Support;

/// <summary>Stands in for the BeatFollower: answers <see cref="GetDrift"/> with a fixed status.</summary>
public sealed class TestFollower : ReceiveActor
{
    public static readonly DriftStatus Drift = new(0.25, 0.002, new DateTimeOffset(2026, 11, 22, 12, 0, 5, 7, TimeSpan.Zero), false, true);

    public TestFollower() => Receive<GetDrift>(_ => Sender.Tell(Drift));

    public static Props Props() => Akka.Actor.Props.Create(() => new TestFollower());
}
