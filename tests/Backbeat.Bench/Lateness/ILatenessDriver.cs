using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// One way of running the emitter loop: for each ordinal, take its instant from the timeline, wait for it,
/// record how late the loop woke. Never adds intervals: every wait targets the next computed instant.
/// </summary>
internal interface ILatenessDriver : IAsyncDisposable
{
    /// <summary>Short name used in the table and the JSON.</summary>
    string Name { get; }

    /// <summary>What waits, in words, for the table.</summary>
    string Description { get; }

    /// <summary>Facts about how the driver ran that explain its numbers (empty when none).</summary>
    string Notes { get; }

    /// <summary>CPU time of the waiting thread over the run, when the driver owns one and it can be read.</summary>
    TimeSpan? WaitingThreadCpu { get; }

    /// <summary>Starts the loop at ordinal 0 of <paramref name="timeline"/>; <paramref name="recorder"/> says when to stop.</summary>
    void Start(Timeline timeline, LatenessRecorder recorder);
}
