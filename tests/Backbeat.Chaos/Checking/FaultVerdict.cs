using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Checking;

/// <summary>What the checker found for one fault, over the fault's window.</summary>
public sealed class FaultVerdict
{
    public FaultVerdict(FaultRecord fault) => Fault = fault;

    public FaultRecord Fault { get; }

    /// <summary>NATS frames whose (beat_index, phase) had been published before.</summary>
    public int Duplicates { get; set; }

    /// <summary>New NATS frames whose slot lies before one already published (beat_index or phase went back).</summary>
    public int Regressions { get; set; }

    /// <summary>
    /// Times two emitters published at once: a slot from both, or an emitter publishing again moments after it was
    /// replaced. One overlap counts once, however its frames interleave.
    /// </summary>
    public int DualEmitters { get; set; }

    /// <summary>Times the emitter on NATS changed within the window (the last frame before the fault included).</summary>
    public int LeaderChanges { get; set; }

    /// <summary>Tempo changes not on a downbeat or by more than 10%.</summary>
    public int TempoViolations { get; set; }

    /// <summary>Acknowledged tempo changes that did not show at their effective beat.</summary>
    public int TempoChangesLost { get; set; }

    /// <summary>Longest silence on NATS within the window (ms), the last frame before the fault included.</summary>
    public double MaxGapMs { get; set; }

    /// <summary>Most consecutive slots never published on NATS within the window.</summary>
    public long MaxMissedFrames { get; set; }

    /// <summary>Longest silence in any surviving node's local delivery (ms).</summary>
    public double MaxLocalGapMs { get; set; }

    /// <summary>Slots a surviving node skipped towards its subscribers.</summary>
    public long LocalSkips { get; set; }

    /// <summary>Slots a surviving node delivered again or out of order.</summary>
    public long LocalRepeats { get; set; }

    /// <summary>The phase length at the slowest tempo seen in the window (ms).</summary>
    public double PhaseMs { get; set; }

    public List<string> Failures { get; } = [];
}
