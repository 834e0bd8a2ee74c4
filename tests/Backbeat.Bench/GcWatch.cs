namespace Backbeat.Bench;

/// <summary>
/// Garbage collections in this process over a measured window, the time all threads stood still for them, and the
/// megabytes allocated meanwhile (what makes the collections come).
/// </summary>
internal sealed record GcDuring(int Collections, double PausedMs, double AllocatedMb)
{
    /// <summary>Starts watching; <see cref="GcWatch.Stop"/> gives what happened since.</summary>
    public static GcWatch Start() => new(GC.CollectionCount(0), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
}

internal readonly record struct GcWatch(int Gen0Before, TimeSpan PausedBefore, long AllocatedBefore)
{
    public GcDuring Stop() => new(
        GC.CollectionCount(0) - Gen0Before,
        (GC.GetTotalPauseDuration() - PausedBefore).TotalMilliseconds,
        (GC.GetTotalAllocatedBytes() - AllocatedBefore) / (1024.0 * 1024.0));
}
