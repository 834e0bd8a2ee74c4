namespace Backbeat.Bench.Suite;

/// <summary>Where a run happened: core count, CPU model and load, for the report (Linux /proc; "unknown" elsewhere).</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string LoadAverage, string Runtime)
{
    public static MachineInfo Read() => new(Environment.ProcessorCount, ReadCpuModel(), ReadLoadAverage(), System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Cores} cores, {CpuModel}, load average {LoadAverage}, {Runtime}";

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
