namespace Backbeat.Timing;

/// <summary>
/// One stretch of the timeline at a constant tempo: beat <see cref="StartBeatIndex"/> starts at
/// <see cref="StartTime"/>, and every later beat of the epoch is a whole number of beat lengths after it.
/// </summary>
public sealed record TimelineEpoch(long StartBeatIndex, DateTimeOffset StartTime, decimal TempoBpm);
