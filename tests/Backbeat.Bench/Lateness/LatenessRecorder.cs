using HdrHistogram;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// Records how late each frame of one driver ran (now − the frame's timeline instant) into an HdrHistogram,
/// skipping the warm-up frames. Called from one thread at a time (each driver's loop is sequential); read it
/// after <see cref="Completed"/> finishes.
/// </summary>
internal sealed class LatenessRecorder
{
    private static readonly long HighestTrackableTicks = TimeSpan.FromSeconds(60).Ticks;

    private readonly LongHistogram _histogram = new(HighestTrackableTicks, 3);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _warmupFrames;
    private readonly int _totalFrames;

    public LatenessRecorder(int warmupFrames, int totalFrames)
    {
        _warmupFrames = warmupFrames;
        _totalFrames = totalFrames;
    }

    /// <summary>Finishes when the last frame has been recorded.</summary>
    public Task Completed => _completed.Task;

    public LongHistogram Histogram => _histogram;

    /// <summary>Frames that ran before their instant (recorded as 0 lateness; a correct driver has none).</summary>
    public long EarlyFrames { get; private set; }

    public TimeSpan MostEarly { get; private set; }

    /// <summary>Records frame <paramref name="ordinal"/>; true when the driver should go on to the next frame.</summary>
    public bool Record(long ordinal, DateTimeOffset instant, DateTimeOffset now)
    {
        var lateness = now - instant;
        if (ordinal >= _warmupFrames)
        {
            if (lateness < TimeSpan.Zero)
            {
                EarlyFrames++;
                MostEarly = lateness.Negate() > MostEarly ? lateness.Negate() : MostEarly;
            }

            _histogram.RecordValue(Math.Clamp(lateness.Ticks, 0, HighestTrackableTicks));
        }

        if (ordinal + 1 < _totalFrames)
        {
            return true;
        }

        _completed.TrySetResult();
        return false;
    }

    /// <summary>Ends the run with an error, e.g. when the driver's loop failed.</summary>
    public void Fail(Exception error) => _completed.TrySetException(error);
}
