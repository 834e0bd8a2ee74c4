using System.Diagnostics;

namespace Backbeat.Chaos.Cluster;

/// <summary>One monotonic clock for every observation and fault of a round: milliseconds since the round began.</summary>
public sealed class ChaosClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public double NowMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
