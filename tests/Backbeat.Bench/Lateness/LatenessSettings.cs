namespace Backbeat.Bench.Lateness;

/// <summary>What one lateness run measures: <see cref="Frames"/> recorded frames per driver after <see cref="WarmupFrames"/>.</summary>
/// <param name="Loaded">Run with a <see cref="CpuHog"/> spinning on another core.</param>
internal sealed record LatenessSettings(int Frames, int WarmupFrames, decimal TempoBpm, int PhasesPerBeat, string OutputPath, bool Loaded = false)
{
    public const int BeatsPerBar = 8;

    public int TotalFrames => WarmupFrames + Frames;
}
