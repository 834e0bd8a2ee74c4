using Backbeat.Contracts;

namespace Backbeat.Tests.Contracts;

/// <summary>Beat frames for tests, starting from the SPEC §2 example.</summary>
public sealed class BeatFrameBuilder
{
    /// <summary>The SPEC §2 example, verbatim.</summary>
    public const string SpecExampleJson = """
        {
          "type": "backbeat.beatframe.v1",
          "cluster_id": "chorus-aus-01",
          "beat_index": 1024,
          "downbeat": true,
          "phase": "plan",
          "hlc": "18c1f2a3b4d:0001:c123",
          "deadline_at": "2026-11-22T12:00:05.000Z",
          "tempo_bpm": 12,
          "window_id": "5c7aea7716dacd88df9d300960ab426b"
        }
        """;

    private BeatFrame _frame = new()
    {
        ClusterId = "chorus-aus-01",
        BeatIndex = 1024,
        Downbeat = true,
        Phase = "plan",
        Hlc = "18c1f2a3b4d:0001:c123",
        DeadlineAt = new DateTimeOffset(2026, 11, 22, 12, 0, 5, TimeSpan.Zero),
        TempoBpm = 12,
        WindowId = "5c7aea7716dacd88df9d300960ab426b",
    };

    public static BeatFrameBuilder AFrame() => new();

    public BeatFrameBuilder WithDeadline(DateTimeOffset deadline)
    {
        _frame = _frame with { DeadlineAt = deadline };
        return this;
    }

    public BeatFrameBuilder WithTempo(decimal tempoBpm)
    {
        _frame = _frame with { TempoBpm = tempoBpm };
        return this;
    }

    public BeatFrameBuilder WithClusterId(string clusterId)
    {
        _frame = _frame with { ClusterId = clusterId };
        return this;
    }

    public BeatFrameBuilder WithPhase(string phase)
    {
        _frame = _frame with { Phase = phase };
        return this;
    }

    public BeatFrameBuilder AtBeat(long beatIndex, bool downbeat)
    {
        _frame = _frame with { BeatIndex = beatIndex, Downbeat = downbeat };
        return this;
    }

    public BeatFrame Build() => _frame;
}
