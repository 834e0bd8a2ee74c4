using Backbeat.Pulse;

namespace Backbeat.Tests.Cluster;

/// <summary>Checks a recorded stream of frames against the guarantees of SPEC §3 and §6.</summary>
public static class History
{
    /// <summary>Every leader frame seen: no ordinal twice (so never two emitters), never backwards, numbering consistent.</summary>
    public static void AssertLeaderStreamIsClean(IReadOnlyList<LeaderBeat> beats, int phases)
    {
        Assert.NotEmpty(beats);
        var duplicates = beats.GroupBy(b => b.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} by {string.Join(",", g.Select(b => b.LeaderNodeId))}").ToList();
        Assert.True(duplicates.Count == 0, $"frames emitted twice: {string.Join("; ", duplicates)}");
        for (var i = 1; i < beats.Count; i++)
        {
            Assert.True(beats[i].Ordinal > beats[i - 1].Ordinal, $"ordinal {beats[i].Ordinal} follows {beats[i - 1].Ordinal}");
        }

        Assert.All(beats, b => Assert.Equal(b.Ordinal, b.Frame.BeatIndex * phases + Array.IndexOf(new[] { "plan", "work", "review" }, b.Frame.Phase)));
    }

    /// <summary>Every leader announced the same timeline origin: beat 0 was never moved (no renumbering).</summary>
    public static void AssertOneTimelineOrigin(LeaderBeatRecorder recorder)
    {
        var origins = recorder.Timelines.Select(t => (t.Epochs[0].StartBeatIndex, t.Epochs[0].StartTime)).Distinct().ToList();
        Assert.True(origins.Count <= 1, $"leaders announced different timeline origins: {string.Join(", ", origins)}");
        var announcers = recorder.Beats.Select(b => b.LeaderNodeId).Distinct().Count();
        Assert.True(recorder.Timelines.Count >= Math.Min(announcers, 1), "no leader announced its timeline");
    }

    /// <summary>What a subscriber got: every ordinal once, in order, none skipped.</summary>
    public static void AssertDeliveredExactlyOnceInOrder(IReadOnlyList<Beat> beats, int phases)
    {
        var ordinals = beats.Select(b => b.Frame.BeatIndex * phases + Array.IndexOf(new[] { "plan", "work", "review" }, b.Frame.Phase)).ToList();
        for (var i = 1; i < ordinals.Count; i++)
        {
            Assert.True(ordinals[i] == ordinals[i - 1] + 1, $"delivery {i}: ordinal {ordinals[i]} after {ordinals[i - 1]} (beat {beats[i].Frame.BeatIndex} {beats[i].Frame.Phase}, {beats[i].Origin})");
        }
    }

    /// <summary>The largest number of consecutive ordinals missing from the leader stream.</summary>
    public static long LargestGap(IReadOnlyList<LeaderBeat> beats) =>
        beats.Zip(beats.Skip(1), (a, b) => b.Ordinal - a.Ordinal - 1).DefaultIfEmpty(0).Max();
}
