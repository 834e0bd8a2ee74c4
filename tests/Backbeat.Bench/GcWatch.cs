namespace Backbeat.Bench;

/// <summary>Garbage collections in this process over a measured window, and the time all threads stood still for them.</summary>
internal sealed record GcDuring(int Collections, double PausedMs)
{
    /// <summary>Starts watching; <see cref="GcWatch.Stop"/> gives what happened since.</summary>
    public static GcWatch Start() => new(GC.CollectionCount(0), GC.GetTotalPauseDuration());
}

internal readonly record struct GcWatch(int Gen0Before, TimeSpan PausedBefore)
{
    public GcDuring Stop() => new(GC.CollectionCount(0) - Gen0Before, (GC.GetTotalPauseDuration() - PausedBefore).TotalMilliseconds);
}
