namespace Backbeat.Chaos.Recording;

/// <summary>An acknowledged tempo change: from the 202 answer, the beat it must first show on, at which tempo.</summary>
public sealed record TempoPromise(long EffectiveBeatIndex, decimal TempoBpm);
