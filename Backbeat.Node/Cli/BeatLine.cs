using System.Globalization;
using System.Text;
using Backbeat.Contracts;
using Backbeat.Timing;

namespace Backbeat.Node.Cli;

/// <summary>How <c>tail</c> shows one frame: one line a person reads, or one JSON object a program reads.</summary>
public static class BeatLine
{
    /// <summary>e.g. <c>beat 1024 plan    | downbeat | 12 BPM | ends 12:00:05.000Z | window 5c7aea77 | hlc 18c1f2a3b4d:0001:c123 | leader</c>.</summary>
    public static string Human(string origin, BeatFrame frame)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"beat {frame.BeatIndex} {frame.Phase,-8}");
        line.Append(frame.Downbeat ? " | downbeat" : " |         ");
        line.Append(CultureInfo.InvariantCulture, $" | {Tempo.Format(frame.TempoBpm)} BPM");
        line.Append(CultureInfo.InvariantCulture, $" | ends {frame.DeadlineAt.UtcDateTime:HH:mm:ss.fff}Z");
        line.Append(CultureInfo.InvariantCulture, $" | window {frame.WindowId[..Math.Min(8, frame.WindowId.Length)]}");
        line.Append(CultureInfo.InvariantCulture, $" | hlc {frame.Hlc}");
        line.Append(origin == "local" ? " | LOCAL (degradation mode)" : " | leader");
        return line.ToString();
    }

    /// <summary>The same shape as the stream's event data, whichever source the frame came from.</summary>
    public static string Json(string origin, BeatFrame frame) =>
        $"{{\"origin\":\"{origin}\",\"frame\":{BeatFrameJson.ToJson(frame)}}}";
}
