using System.Runtime.InteropServices;

namespace Backbeat.Bench;

/// <summary>
/// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID), to show that a waiting thread
/// sleeps rather than spins. Linux only; elsewhere <see cref="TryRead"/> returns null.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan? TryRead()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out var now) == 0
                ? TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100)
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out Timespec time);
}
