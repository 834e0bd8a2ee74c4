using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backbeat.Clocks;

/// <summary>
/// A one-slot timer that fires at a wall-clock instant with sub-millisecond lateness, for the beat emitter.
/// Akka's scheduler ticks every 10 ms, and thread-pool timers are no better, so this owns one background
/// thread: it waits on a monitor (which a new schedule, a cancel or a dispose wakes) until shortly before
/// the instant, then sleeps the rest precisely — <c>clock_nanosleep</c> on the absolute CLOCK_REALTIME
/// instant with 1 ns timer slack on Linux, a yielding spin elsewhere. It never spins for the whole interval.
/// </summary>
/// <remarks>
/// On a busy machine the wake-up itself waits for a CPU, so on Linux the thread asks for a low real-time
/// priority (SCHED_FIFO 10) and, failing that, a raised nice value; without the privilege for either it runs
/// as an ordinary thread. <see cref="Scheduling"/> says which it got. The thread sleeps between fires, so the
/// priority costs others nothing; the callback runs at it too and should stay short (hand work off).
/// </remarks>
public sealed class PrecisionTimer : IDisposable
{
    // Low among real-time priorities: above every ordinary thread, below the kernel's own and audio servers'.
    private const int RealTimePriority = 10;
    private const int RaisedNice = -10;

    // The monitor wait wakes within a few tens of µs on an idle Linux box; waking this early absorbs a busy one.
    private static readonly long NativeLeadTicks = TimeSpan.FromMilliseconds(2).Ticks;

    // Without absolute sleeps the last part is a yielding spin, and monitor waits may be coarser.
    private static readonly long FallbackLeadTicks = TimeSpan.FromMilliseconds(4).Ticks;

    // The precise sleep goes in slices this long, so a new schedule made during it is seen promptly.
    private static readonly long PreciseSliceTicks = TimeSpan.FromMicroseconds(500).Ticks;

    // A monitor wait takes whole milliseconds and at most int.MaxValue of them; far instants wait in laps.
    private static readonly long LongestCoarseWaitTicks = TimeSpan.FromMinutes(10).Ticks;

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(2);

    private static readonly Action<ILogger, string, long, Exception?> LogCallbackFailed =
        LoggerMessage.Define<string, long>(LogLevel.Error, new EventId(1, "PrecisionTimerCallbackFailed"),
            "Precision timer {TimerName}: the callback for token {Token} threw; the timer keeps running");

    private static readonly Action<ILogger, string, SchedulingClass, bool, Exception?> LogStarted =
        LoggerMessage.Define<string, SchedulingClass, bool>(LogLevel.Debug, new EventId(2, "PrecisionTimerStarted"),
            "Precision timer {TimerName} started: scheduling {Scheduling}, absolute clock_nanosleep {Native}");

    private readonly object _gate = new();
    private readonly string _name;
    private readonly Action<long, DateTimeOffset, DateTimeOffset> _onFire;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly bool _native;
    private readonly long _leadTicks;

    private bool _armed;
    private DateTimeOffset _due;
    private long _token;
    private long _generation; // bumped by every Schedule, Cancel and Dispose: a wait for an older one is stale
    private volatile bool _stopping;
    private volatile SchedulingClass _scheduling;

    /// <summary>Starts the timer's thread (a background thread named <paramref name="name"/>); nothing is armed.</summary>
    /// <param name="onFire">Called on the timer's thread with (token, due, firedAt).</param>
    public PrecisionTimer(string name, Action<long, DateTimeOffset, DateTimeOffset> onFire)
        : this(name, onFire, NullLogger.Instance)
    {
    }

    /// <summary>As the other constructor; exceptions thrown by <paramref name="onFire"/> are logged to <paramref name="logger"/>.</summary>
    public PrecisionTimer(string name, Action<long, DateTimeOffset, DateTimeOffset> onFire, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(onFire);
        ArgumentNullException.ThrowIfNull(logger);
        _name = name;
        _onFire = onFire;
        _logger = logger;
        _native = NativeTime.IsAvailable;
        _leadTicks = _native ? NativeLeadTicks : FallbackLeadTicks;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>How the operating system schedules the timer's thread.</summary>
    public enum SchedulingClass
    {
        /// <summary>An ordinary thread (also the state until the thread has started).</summary>
        Normal,

        /// <summary>An ordinary thread with a raised nice value.</summary>
        Raised,

        /// <summary>Real-time FIFO scheduling at a low real-time priority.</summary>
        RealTime,
    }

    /// <summary>What scheduling the timer's thread obtained (see the remarks on the class).</summary>
    public SchedulingClass Scheduling => _scheduling;

    /// <summary>
    /// Arms the timer: at <paramref name="due"/> it calls the callback with <paramref name="token"/>. Replaces any
    /// schedule not yet fired. An instant already past fires at once. Thread-safe.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The timer was disposed.</exception>
    public void Schedule(DateTimeOffset due, long token)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _due = due;
            _token = token;
            _armed = true;
            _generation++;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Disarms the timer: nothing fires until the next <see cref="Schedule"/>, unless a fire is already under way.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _armed = false;
            _generation++;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Disarms the timer and stops its thread, waiting briefly for it unless called from the callback.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _armed = false;
            _generation++;
            Monitor.Pulse(_gate);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(JoinTimeout);
        }
    }

    private void Run()
    {
        if (_native)
        {
            NativeTime.TrySetMinimalTimerSlack();
            _scheduling = NativeTime.TrySetRealTimePriority(RealTimePriority) ? SchedulingClass.RealTime
                : NativeTime.TrySetNice(RaisedNice) ? SchedulingClass.Raised
                : SchedulingClass.Normal;
        }

        LogStarted(_logger, _name, _scheduling, _native, null);

        while (TryTakeNextFire(out var token, out var due))
        {
            var firedAt = DateTimeOffset.UtcNow;
            try
            {
                _onFire(token, due, firedAt);
            }
            catch (Exception e)
            {
                LogCallbackFailed(_logger, _name, token, e);
            }
        }
    }

    /// <summary>Waits until the armed instant and disarms; false when the timer is stopping.</summary>
    private bool TryTakeNextFire(out long token, out DateTimeOffset due)
    {
        while (true)
        {
            long generation;
            lock (_gate)
            {
                if (_stopping)
                {
                    token = 0;
                    due = default;
                    return false;
                }

                if (!_armed)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                generation = _generation;
                due = _due;
                token = _token;
                var untilPrecise = due.UtcTicks - _leadTicks - DateTimeOffset.UtcNow.UtcTicks;
                if (untilPrecise >= TimeSpan.TicksPerMillisecond)
                {
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Min(untilPrecise, LongestCoarseWaitTicks) / TimeSpan.TicksPerMillisecond));
                    continue;
                }
            }

            if (!SleepPreciselyUntil(due.UtcTicks, generation))
            {
                continue;
            }

            lock (_gate)
            {
                if (_armed && _generation == generation)
                {
                    _armed = false;
                    return true;
                }
            }
        }
    }

    /// <summary>Sleeps until <paramref name="dueTicks"/>; false as soon as the schedule it serves is replaced.</summary>
    private bool SleepPreciselyUntil(long dueTicks, long generation)
    {
        var spin = default(SpinWait);
        while (true)
        {
            if (Volatile.Read(ref _generation) != generation)
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow.UtcTicks;
            if (now >= dueTicks)
            {
                return true;
            }

            if (_native)
            {
                NativeTime.SleepUntil(Math.Min(dueTicks, now + PreciseSliceTicks));
            }
            else
            {
                // Never Sleep(1): it can oversleep by a whole scheduler quantum.
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
