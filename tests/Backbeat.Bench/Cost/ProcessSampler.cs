using System.Globalization;
using System.Runtime.InteropServices;

namespace Backbeat.Bench.Cost;

/// <summary>Reads another process's CPU time (/proc/PID/stat utime + stime) and resident memory (/proc/PID/status VmRSS). Linux only.</summary>
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
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_pid}/stat");

        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
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
