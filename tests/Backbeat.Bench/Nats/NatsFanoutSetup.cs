namespace Backbeat.Bench.Nats;

/// <summary>How the NATS fan-out's subscribers are run; the suite uses <see cref="Default"/>.</summary>
internal sealed record NatsFanoutSetup(SubscriberPlacement Placement, NatsReceive Receive)
{
    public static NatsFanoutSetup Default { get; } = new(SubscriberPlacement.ChildProcess, NatsReceive.Ordinal);
}
