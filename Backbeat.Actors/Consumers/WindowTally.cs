namespace Backbeat.Consumers;

/// <summary>The claims received for one open window, and the report they make once it closes.</summary>
public sealed class WindowTally
{
    private readonly Dictionary<(string AgentId, long BeatIndex, string Phase), StatusClaim> _claims = [];

    public WindowTally(string windowId, long downbeatIndex)
    {
        WindowId = windowId;
        DownbeatIndex = downbeatIndex;
    }

    public string WindowId { get; }

    public long DownbeatIndex { get; }

    /// <summary>Set from the first frame of the bar that arrives; a window opened by an early claim has none yet.</summary>
    public decimal? TempoBpm { get; set; }

    public int Count => _claims.Count;

    /// <summary>Adds a claim; false when the agent already claimed that (beat, phase): the first claim stands.</summary>
    public bool TryAdd(StatusClaim claim) => _claims.TryAdd((claim.AgentId, claim.BeatIndex, claim.Phase), claim);

    public WindowReport Close(string clusterId, int beats, IReadOnlyList<string> phaseOrder, int slowestAgents, DateTimeOffset closedAt)
    {
        var claims = _claims.Values.ToList();
        var done = claims.Count(c => c.State == ClaimState.Done);
        var late = claims.Count(c => c.State == ClaimState.Late);
        var failed = claims.Count(c => c.State == ClaimState.Failed);

        var agents = claims
            .GroupBy(c => c.AgentId, StringComparer.Ordinal)
            .Select(g => Summarize(g, (key, count, gDone, gLate, gFailed, mean, max) => new AgentSummary(key, count, gDone, gLate, gFailed, mean, max)))
            .OrderByDescending(a => a.MeanDurationMs)
            .ThenByDescending(a => a.MaxDurationMs)
            .ThenBy(a => a.AgentId, StringComparer.Ordinal)
            .ToList();

        var phases = claims
            .GroupBy(c => c.Phase, StringComparer.Ordinal)
            .OrderBy(g => PhaseRank(phaseOrder, g.Key))
            .Select(g => Summarize(g, (key, count, gDone, gLate, gFailed, mean, max) => new PhaseSummary(key, count, gDone, gLate, gFailed, mean, max)))
            .ToList();

        return new WindowReport
        {
            ClusterId = clusterId,
            WindowId = WindowId,
            DownbeatIndex = DownbeatIndex,
            Beats = beats,
            TempoBpm = TempoBpm,
            ClosedAt = closedAt,
            Participants = agents.Count,
            Claims = claims.Count,
            Done = done,
            Late = late,
            Failed = failed,
            CompletionRate = Rate(done, claims.Count),
            DeadlineMissRate = Rate(late, claims.Count),
            FailureRate = Rate(failed, claims.Count),
            SlowestAgents = agents.Take(slowestAgents).ToList(),
            Phases = phases,
        };
    }

    // Agents and phases are summarized alike; only the record (and so the JSON key naming the group) differs.
    private static T Summarize<T>(IGrouping<string, StatusClaim> group, Func<string, int, int, int, int, double, double, T> make) => make(
        group.Key,
        group.Count(),
        group.Count(c => c.State == ClaimState.Done),
        group.Count(c => c.State == ClaimState.Late),
        group.Count(c => c.State == ClaimState.Failed),
        Round(group.Average(c => c.DurationMs)),
        Round(group.Max(c => c.DurationMs)));

    private static int PhaseRank(IReadOnlyList<string> phaseOrder, string phase)
    {
        for (var i = 0; i < phaseOrder.Count; i++)
        {
            if (phaseOrder[i] == phase)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}
