using System.Runtime.InteropServices;

namespace Backbeat.Chaos.Cluster;

/// <summary>
/// POSIX signals to child processes. <see cref="System.Diagnostics.Process.Kill(bool)"/> only sends SIGKILL, a
/// graceful stop needs SIGTERM (the node runs CoordinatedShutdown on it), and a pause needs SIGSTOP and SIGCONT.
/// </summary>
internal static partial class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Freezes every thread of the process; it cannot be caught or ignored. Its number differs between Linux and macOS.</summary>
    public static int SigStop => OperatingSystem.IsMacOS() ? 17 : 19;

    /// <summary>Lets a stopped process run again.</summary>
    public static int SigCont => OperatingSystem.IsMacOS() ? 19 : 18;

    public static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException("the chaos harness sends POSIX signals: it runs on Linux or macOS");
        }

        if (Kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
