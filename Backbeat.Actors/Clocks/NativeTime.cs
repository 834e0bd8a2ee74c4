using System.Runtime.InteropServices;

namespace Backbeat.Clocks;

/// <summary>
/// The few libc calls the precise timer needs on Linux: an absolute sleep on the wall clock and the
/// per-thread timer slack. Absolute sleeping is what makes the wake-up land on the instant itself:
/// a relative sleep would add the time spent between reading the clock and going to sleep.
/// </summary>
internal static class NativeTime
{
    private const int ClockRealtime = 0;
    private const int TimerAbsolute = 1;
    private const int PrSetTimerSlack = 29;
    private const int Eintr = 4;
    private const int SchedFifo = 1;
    private const int PrioProcess = 0;
    private const long NanosecondsPerTick = 100;

    /// <summary>True when the libc calls can be used: Linux, and the first call worked.</summary>
    public static bool IsAvailable { get; } = Probe();

    /// <summary>
    /// Asks the kernel to wake this thread no later than 1 ns after its timers expire (the default slack
    /// is 50 µs). Affects only the calling thread. Returns false when the call is not available or failed.
    /// </summary>
    public static bool TrySetMinimalTimerSlack()
    {
        if (!IsAvailable)
        {
            return false;
        }

        return prctl(PrSetTimerSlack, 1, 0, 0, 0) == 0;
    }

    /// <summary>
    /// Moves the calling thread to the real-time FIFO class at a low real-time priority, so that a wake-up is
    /// not queued behind ordinary busy threads. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO allowance; false otherwise.
    /// </summary>
    public static bool TrySetRealTimePriority(int priority)
    {
        if (!IsAvailable)
        {
            return false;
        }

        // On Linux, pid 0 means the calling thread, not the whole process.
        var parameter = priority;
        return sched_setscheduler(0, SchedFifo, ref parameter) == 0;
    }

    /// <summary>
    /// Lowers the calling thread's nice value to <paramref name="nice"/> (negative is more favoured). Needs
    /// CAP_SYS_NICE or an RLIMIT_NICE allowance; false otherwise.
    /// </summary>
    public static bool TrySetNice(int nice)
    {
        if (!IsAvailable)
        {
            return false;
        }

        // Linux keeps the nice value per thread: PRIO_PROCESS with id 0 changes only the calling thread.
        return setpriority(PrioProcess, 0, nice) == 0;
    }

    /// <summary>
    /// Sleeps until the wall clock (CLOCK_REALTIME, the clock behind <see cref="DateTimeOffset.UtcNow"/>)
    /// reaches <paramref name="utcTicks"/>. Returns at once for an instant already past.
    /// </summary>
    public static void SleepUntil(long utcTicks)
    {
        var sinceEpoch = utcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var remainder);
        var request = new Timespec { Seconds = (nint)seconds, Nanoseconds = (nint)(remainder * NanosecondsPerTick) };
        int error;
        do
        {
            // With TIMER_ABSTIME a signal that interrupts the sleep leaves the target unchanged: just sleep again.
            error = clock_nanosleep(ClockRealtime, TimerAbsolute, ref request, IntPtr.Zero);
        }
        while (error == Eintr);

        if (error != 0)
        {
            throw new InvalidOperationException($"clock_nanosleep failed with error {error}");
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // An instant in the past: returns at once, and proves both the library and the entry point resolve.
            SleepUntil(DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerSecond);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        // time_t and long are both the size of a native word on Linux.
        public nint Seconds;
        public nint Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int clock_nanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int sched_setscheduler(int pid, int policy, ref int parameter);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int setpriority(int which, uint who, int priority);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
