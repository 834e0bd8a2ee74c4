using System.Diagnostics;

namespace Backbeat.Tests.Cluster;

/// <summary>
/// The longest time, while it runs, that this test process could not run work: a thread of its own wakes every
/// 10 ms (its oversleep is a freeze of the whole process: the machine, a GC) and hands the thread pool a marker
/// (its queueing is a starved pool: other tests of this assembly running beside). A timing assertion over a window
/// in which the process itself was paused longer than the slack it allows judges the machine, not the code.
/// </summary>
public sealed class ProcessPauseWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private volatile bool _stopping;
    private long _longestTicks;

    private ProcessPauseWatch()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "test-pause-watch" };
        _thread.Start();
    }

    public static ProcessPauseWatch Start() => new();

    public TimeSpan Longest
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_longestTicks);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stopping)
        {
            var asleep = Stopwatch.GetTimestamp();
            Thread.Sleep(Interval);
            var woke = Stopwatch.GetTimestamp();
            Record(Stopwatch.GetElapsedTime(asleep, woke) - Interval);
            ThreadPool.UnsafeQueueUserWorkItem(queuedAt => Record(Stopwatch.GetElapsedTime(queuedAt)), woke, preferLocal: false);
        }
    }

    private void Record(TimeSpan pause)
    {
        lock (_gate)
        {
            _longestTicks = Math.Max(_longestTicks, pause.Ticks);
        }
    }
}
