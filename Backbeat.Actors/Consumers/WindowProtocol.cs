namespace Backbeat.Consumers;

// Messages the WindowAggregator singleton answers, usually through its proxy. They cross the network, so they carry
// only plain values and are bound to the BackbeatSerializer. A StatusClaim is sent as it is and never answered.

/// <summary>Ask for the newest <paramref name="Count"/> window reports. Answered with <see cref="WindowReports"/>.</summary>
public sealed record GetWindows(int Count);

/// <summary>Newest first; at most as many as the aggregator keeps.</summary>
public sealed record WindowReports(IReadOnlyList<WindowReport> Reports);

/// <summary>Ask for one window's report. Answered with <see cref="WindowLookup"/>.</summary>
public sealed record GetWindow(string WindowId);

/// <summary>The report of <paramref name="WindowId"/>, or null when it is not (or no longer) kept.</summary>
public sealed record WindowLookup(string WindowId, WindowReport? Report);

/// <summary>Ask what became of the claims received so far. Answered with <see cref="ClaimCounts"/>.</summary>
public sealed record GetClaimCounts
{
    public static readonly GetClaimCounts Instance = new();
}

/// <summary>Local only: the aggregator hands each closed window's report to its node's NATS bridge.</summary>
public sealed record PublishWindowReport(WindowReport Report);
