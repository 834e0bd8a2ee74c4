using Backbeat.Consumers;

namespace Backbeat.Tests.Consumers;

/// <summary>Status claims for tests: done in 10 ms by agent-a for the plan phase of beat 0, unless told otherwise.</summary>
public sealed record ClaimBuilder
{
    private StatusClaim _claim = new("agent-a", 0, "plan", ClaimState.Done, 10);

    public static ClaimBuilder AClaim() => new();

    public ClaimBuilder By(string agentId) => this with { _claim = _claim with { AgentId = agentId } };

    public ClaimBuilder For(long beatIndex, string phase) => this with { _claim = _claim with { BeatIndex = beatIndex, Phase = phase } };

    public ClaimBuilder In(ClaimState state) => this with { _claim = _claim with { State = state } };

    public ClaimBuilder Taking(double durationMs) => this with { _claim = _claim with { DurationMs = durationMs } };

    public StatusClaim Build() => _claim;
}
