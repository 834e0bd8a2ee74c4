namespace Backbeat.Chaos.Recording;

/// <summary>Everything a round observed, in receive order per source: the checker's only input.</summary>
public sealed record ChaosHistory(
    IReadOnlyList<NatsBeat> Nats,
    IReadOnlyList<LocalBeat> Local,
    IReadOnlyList<FaultRecord> Faults);
