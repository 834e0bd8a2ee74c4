namespace Backbeat.Pulse;

/// <summary>
/// Judges a fired silence watchdog (SPEC §6: a follower degrades after 1.5 phase lengths without a leader frame).
/// </summary>
/// <remarks>
/// Silence is evidence against the leader only if the follower was able to run while it lasted. A watchdog handled
/// well after it was due means this follower could not run (its process was frozen, its dispatcher starved), and
/// whatever the leader sent meanwhile is queued right behind the watchdog in the mailbox. Such a fire gives the
/// leader one more silence window, counted from the moment the follower runs again; once per silence, so a node
/// that keeps pausing still degrades, at most one window later.
/// </remarks>
public sealed class SilenceWatchdog
{
    /// <summary>SPEC §6: degrade after this many phase lengths without a leader frame.</summary>
    public const double SilencePhases = 1.5;

    /// <summary>A fire handled later than this share of the window means the follower itself was paused: half a phase.</summary>
    private const double PausedFraction = 1.0 / 3;

    private bool _extended;

    /// <summary>How long the follower waits for the next leader frame at this phase length.</summary>
    public static TimeSpan WindowFor(TimeSpan phaseLength) => phaseLength * SilencePhases;

    /// <summary>A leader frame arrived: this silence is over, and the next one may earn an extension again.</summary>
    public void FrameArrived() => _extended = false;

    /// <param name="due">When the watchdog was set to fire.</param>
    /// <param name="now">When the follower handles it.</param>
    /// <param name="window">The silence window it was set with.</param>
    public SilenceVerdict Judge(DateTimeOffset due, DateTimeOffset now, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "a silence window is longer than zero");
        }

        var handledLate = now - due;
        if (_extended || handledLate <= window * PausedFraction)
        {
            return SilenceVerdict.Degrade(handledLate);
        }

        _extended = true;
        return SilenceVerdict.WaitUntil(now + window, handledLate);
    }
}

/// <summary>What a fired silence watchdog means: degrade now, or wait for the leader until <see cref="RecheckAt"/>.</summary>
/// <param name="RecheckAt">When to judge again; null when the follower should degrade now.</param>
/// <param name="HandledLate">How long after its due time the follower got to handle the fire.</param>
public readonly record struct SilenceVerdict(DateTimeOffset? RecheckAt, TimeSpan HandledLate)
{
    public bool ShouldDegrade => RecheckAt is null;

    public static SilenceVerdict Degrade(TimeSpan handledLate) => new(null, handledLate);

    public static SilenceVerdict WaitUntil(DateTimeOffset recheckAt, TimeSpan handledLate) => new(recheckAt, handledLate);
}
