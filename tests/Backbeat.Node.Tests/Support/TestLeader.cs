using System.Collections.Concurrent;
using Akka.Actor;
using Backbeat.Pulse;
using Backbeat.Timing;

namespace Backbeat.Node.Tests.Support;

/// <summary>What the test leader knows and what it was asked; shared with the test that reads it.</summary>
public sealed class TestLeaderState
{
    public string NodeId { get; init; } = "pulse-1eade7";

    public decimal CurrentBpm { get; init; } = 12;

    public TempoRules Rules { get; init; } = new(4, 24);

    /// <summary>A silent leader receives but never answers, like one on a partitioned node.</summary>
    public bool Silent { get; init; }

    public ConcurrentQueue<SetTempo> Received { get; } = new();

    public decimal? PendingBpm { get; set; }
}

/// <summary>
/// Stands in for the PulseLeader singleton: answers the leader protocol, deciding tempo requests with the
/// real <see cref="TempoRules"/>; accepted changes land on beat 16 (the next downbeat of an 8-beat bar at beat 9).
/// </summary>
public sealed class TestLeader : ReceiveActor
{
    public const long NextDownbeat = 16;
    public static readonly DateTimeOffset NextDownbeatAt = new(2026, 11, 22, 12, 1, 20, 123, TimeSpan.Zero);

    public TestLeader(TestLeaderState state)
    {
        Receive<SetTempo>(message =>
        {
            state.Received.Enqueue(message);
            if (state.Silent)
            {
                return;
            }

            var decision = state.Rules.Evaluate(state.CurrentBpm, message.TempoBpm);
            if (!decision.Accepted)
            {
                Sender.Tell(new TempoRefused(decision.Reason!));
                return;
            }

            state.PendingBpm = message.TempoBpm;
            Sender.Tell(new TempoScheduled(message.TempoBpm, NextDownbeat, NextDownbeatAt));
        });
        Receive<GetTempo>(_ =>
        {
            if (!state.Silent)
            {
                var (low, high) = state.Rules.AllowedStep(state.CurrentBpm);
                var pending = state.PendingBpm;
                Sender.Tell(new TempoStatus(
                    state.CurrentBpm, pending, pending is null ? null : NextDownbeat, pending is null ? null : NextDownbeatAt, low, high));
            }
        });
        Receive<GetLeaderStatus>(_ =>
        {
            if (!state.Silent)
            {
                Sender.Tell(new LeaderStatus(
                    state.NodeId, "akka.tcp://backbeat@127.0.0.1:4054", NextDownbeatAt.AddMinutes(-5), 300, 99, "review", 0.4, 1.2, 2.5));
            }
        });
    }

    public static Props Props(TestLeaderState state) => Akka.Actor.Props.Create(() => new TestLeader(state));
}
