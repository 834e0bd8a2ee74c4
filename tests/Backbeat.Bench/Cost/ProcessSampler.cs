using System.Globalization;
using System.Runtime.InteropServices;

namespace Backbeat.Bench.Cost;

/// <summary>
/// Reads another process's CPU time (/proc/PID/stat utime + stime), resident memory (/proc/PID/status VmRSS) and
/// the same per thread (/proc/PID/task/TID: its name, CPU time and context switches). Linux only.
/// </summary>
internal sealed class ProcessSampler
{
    private const int ScClockTicks = 2;

    private readonly int _pid;
    private readonly long _clockTicksPerSecond;

    public ProcessSampler(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the cost scenario reads /proc and runs on Linux only");
        }

        _pid = pid;
        var ticks = sysconf(ScClockTicks);
        _clockTicksPerSecond = ticks > 0 ? ticks : 100;
    }

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime() => CpuTimeOf(File.ReadAllText($"/proc/{_pid}/stat"));

    /// <summary>Every thread alive now: its name (comm, at most 15 characters), CPU time and context switches so far.</summary>
    public IReadOnlyDictionary<int, ThreadSample> Threads()
    {
        var threads = new Dictionary<int, ThreadSample>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                long switches = 0;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = new ThreadSample(name, CpuTimeOf(stat), switches);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended between listing and reading.
            }
        }

        return threads;
    }

    // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
    private TimeSpan CpuTimeOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)(utime + stime) / _clockTicksPerSecond);
    }

    /// <summary>Resident set size in MiB.</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{_pid}/status has no VmRSS line");
    }

    [DllImport("libc")]
    private static extern long sysconf(int name);
}

/// <summary>One thread's name, CPU time and context switches (voluntary + involuntary) so far.</summary>
internal sealed record ThreadSample(string Name, TimeSpan CpuTime, long ContextSwitches);
