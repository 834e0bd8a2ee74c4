using Backbeat.Contracts;
using Backbeat.Tests.Timing;
using FsCheck;
using FsCheck.Fluent;

namespace Backbeat.Tests.Contracts;

/// <summary>
/// Beat frames with any text in their string fields (quotes, control characters, non-ASCII), any beat index,
/// valid tempos and deadlines on a millisecond (the wire carries no more).
/// </summary>
public static class BeatFrameArbitraries
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Arbitrary<BeatFrame> Frames()
    {
        var text = ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get);
        var gen =
            from cluster in text
            from beat in ArbMap.Default.GeneratorFor<long>()
            from downbeat in ArbMap.Default.GeneratorFor<bool>()
            from phase in text
            from hlc in text
            from seconds in Gen.Choose(0, int.MaxValue)
            from milliseconds in Gen.Choose(0, 999)
            from tempo in TimelineGenerators.Tempo
            from window in text
            select new BeatFrame
            {
                ClusterId = cluster,
                BeatIndex = beat,
                Downbeat = downbeat,
                Phase = phase,
                Hlc = hlc,
                DeadlineAt = Earliest.AddSeconds(seconds).AddMilliseconds(milliseconds),
                TempoBpm = tempo,
                WindowId = window,
            };
        return Arb.From(gen);
    }
}
