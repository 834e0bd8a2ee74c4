using Backbeat.Clocks;
using Backbeat.Timing;

namespace Backbeat.Bench.Lateness;

/// <summary>The loop on Backbeat's <see cref="PrecisionTimer"/>, as the beat emitter runs it.</summary>
internal sealed class PrecisionTimerDriver : ILatenessDriver
{
    private PrecisionTimer? _timer;
    private TimeSpan? _cpuAtFirstFrame;

    public string Name => "backbeat";

    public string Description => "Backbeat PrecisionTimer";

    public TimeSpan? WaitingThreadCpu { get; private set; }

    public string Notes => _timer is null ? "" : $"timer thread scheduling: {_timer.Scheduling}";

    public void Start(Timeline timeline, LatenessRecorder recorder)
    {
        _timer = new PrecisionTimer("bench-precision-timer", (ordinal, due, _) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (ordinal == 0)
            {
                _cpuAtFirstFrame = ThreadCpuClock.TryRead();
            }

            if (recorder.Record(ordinal, due, now))
            {
                _timer!.Schedule(timeline.InstantOf(ordinal + 1), ordinal + 1);
            }
            else
            {
                WaitingThreadCpu = ThreadCpuClock.TryRead() - _cpuAtFirstFrame;
            }
        });
        _timer.Schedule(timeline.InstantOf(0), 0);
    }

    public ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        return ValueTask.CompletedTask;
    }
}
