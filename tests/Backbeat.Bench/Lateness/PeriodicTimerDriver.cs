using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>
/// The loop on <see cref="PeriodicTimer"/>: before each frame its period is set to the time left until the
/// frame's instant (a fixed period would drift off the timeline), then the loop awaits the tick, and waits
/// again for what is left if the tick came early.
/// </summary>
/// <remarks>
/// The timer counts whole milliseconds of a monotonic clock, so the period is rounded up to a whole millisecond:
/// rounded down, the tick comes before the instant.
/// </remarks>
internal sealed class PeriodicTimerDriver : ILatenessDriver
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer = new(Timeout.InfiniteTimeSpan);
    private Task _loop = Task.CompletedTask;

    public string Name => "periodic_timer";

    public string Description => "PeriodicTimer (re-armed per frame)";

    public TimeSpan? WaitingThreadCpu => null;

    public string Notes => "period rounded up to whole ms";

    public void Start(Timeline timeline, LatenessRecorder recorder) => _loop = RunAsync(timeline, recorder);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static TimeSpan WholeMillisecondsAtLeast(TimeSpan wait) =>
        TimeSpan.FromMilliseconds((wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);

    private async Task RunAsync(Timeline timeline, LatenessRecorder recorder)
    {
        try
        {
            for (var ordinal = 0L; ; ordinal++)
            {
                var instant = timeline.InstantOf(ordinal);
                for (var wait = instant - DateTimeOffset.UtcNow; wait > TimeSpan.Zero; wait = instant - DateTimeOffset.UtcNow)
                {
                    _timer.Period = WholeMillisecondsAtLeast(wait);
                    if (!await _timer.WaitForNextTickAsync(_stop.Token))
                    {
                        return;
                    }
                }

                if (!recorder.Record(ordinal, instant, DateTimeOffset.UtcNow))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            recorder.Fail(e);
        }
    }
}
