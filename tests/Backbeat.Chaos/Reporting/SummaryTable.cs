using System.Globalization;
using Backbeat.Chaos.Checking;

namespace Backbeat.Chaos.Reporting;

/// <summary>The per-scenario table printed at the end of a round.</summary>
public static class SummaryTable
{
    public static void Write(TextWriter output, IReadOnlyList<ScenarioResult> scenarios)
    {
        string[] header = ["scenario", "runs", "dup", "regr", "dual", "tempo", "gap ms", "target", "missed", "local gap ms", "target", "skips", "result"];
        var rows = scenarios.Select(s => new[]
        {
            s.Name,
            Int(s.Runs),
            Int(s.Duplicates),
            Int(s.Regressions),
            Int(s.DualEmitters),
            Int(s.TempoViolations + s.TempoChangesLost),
            Int((long)s.MaxGapMs),
            s.GapTargetsMs.Count > 0 ? string.Join('|', s.GapTargetsMs.Select(t => Int((long)t))) : "-",
            Int(s.MaxMissedFrames),
            Int((long)s.MaxLocalGapMs),
            Int((long)s.LocalGapTargetMs),
            Int(s.LocalSkips + s.LocalRepeats),
            s.Passed ? "pass" : "FAIL",
        }).ToList();

        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Line(header, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }

        foreach (var scenario in scenarios.Where(s => !s.Passed))
        {
            foreach (var failure in scenario.Failures)
            {
                output.WriteLine($"  {scenario.Name}: {failure}");
            }
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
