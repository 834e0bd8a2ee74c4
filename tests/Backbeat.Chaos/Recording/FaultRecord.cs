namespace Backbeat.Chaos.Recording;

/// <summary>
/// One injected fault: when it began, when the harness saw the cluster whole again, and the end of the window the
/// checker judges it over (the next fault begins after it). <paramref name="Survivors"/> are the backbeat nodes
/// that kept running and connected throughout, whose local delivery must not falter. <paramref name="Problems"/>:
/// what the harness itself saw go wrong while injecting or healing (a cut that leaked, a node that did not come back).
/// </summary>
public sealed record FaultRecord(
    string Scenario,
    int Run,
    FaultKind Kind,
    string? Target,
    bool TargetWasLeader,
    double InjectedMs,
    double RecoveredMs,
    double WindowEndMs,
    IReadOnlyList<string> Survivors,
    TempoPromise? Tempo = null,
    IReadOnlyList<string>? Problems = null);
