namespace Backbeat.Consumers;

/// <summary>What the <see cref="TempoController"/> concluded from one window.</summary>
public abstract record TempoAdvice(string Reason);

/// <summary>Leave the tempo as it is, and why.</summary>
public sealed record HoldTempo(string Reason) : TempoAdvice(Reason);

/// <summary>Ask the leader for <paramref name="TempoBpm"/>; <see cref="TempoAdvice.Reason"/> is the justification.</summary>
public sealed record ChangeTempo(decimal TempoBpm, string Reason) : TempoAdvice(Reason);

/// <summary>The part of a window report the controller looks at.</summary>
public sealed record WindowObservation(string WindowId, decimal? TempoBpm, int Claims, double? CompletionRate, double? DeadlineMissRate)
{
    public static WindowObservation From(WindowReport report) =>
        new(report.WindowId, report.TempoBpm, report.Claims, report.CompletionRate, report.DeadlineMissRate);
}
