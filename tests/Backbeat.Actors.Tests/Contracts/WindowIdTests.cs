using Backbeat.Contracts;
using FsCheck;
using FsCheck.Xunit;

namespace Backbeat.Tests.Contracts;

/// <summary>REQ-005 / SPEC §2: window_id = first 32 hex characters of SHA-256(cluster_id ":" downbeat_index).</summary>
public sealed class WindowIdTests
{
    [Fact]
    public void The_spec_example_matches()
    {
        Assert.Equal("5c7aea7716dacd88df9d300960ab426b", WindowId.ForDownbeat("chorus-aus-01", 1024));
    }

    /// <summary>Vectors computed outside .NET, e.g. <c>printf 'chorus-aus-01:0' | sha256sum | cut -c1-32</c>.</summary>
    [Theory]
    [InlineData("chorus-aus-01", 0, "63cb2c5b1bbba231251cb8d7d653c399")]
    [InlineData("chorus-aus-01", 8, "9e3a4f63e65571fe2ad13d750f55f75b")]
    [InlineData("chorus-aus-01", 1_000_000_000, "858fbb91ca069d112966b08c6daa1e94")]
    [InlineData("test", 0, "d13a029069efc84c2f99c169af8f2d1d")]
    [InlineData("pulse-é", 16, "08e6c57403454d8de18059a33eed4454")]
    public void Independently_computed_vectors_match(string clusterId, long downbeat, string expected)
    {
        Assert.Equal(expected, WindowId.ForDownbeat(clusterId, downbeat));
    }

    [Fact]
    public void Every_beat_of_a_bar_has_its_downbeats_window_id()
    {
        var ids = Enumerable.Range(1024, 8).Select(beat => WindowId.For("chorus-aus-01", beat, beatsPerBar: 8));

        Assert.All(ids, id => Assert.Equal("5c7aea7716dacd88df9d300960ab426b", id));
    }

    [Fact]
    public void The_next_bar_has_another_window_id()
    {
        Assert.NotEqual(WindowId.For("chorus-aus-01", 1031, 8), WindowId.For("chorus-aus-01", 1032, 8));
    }

    [Property]
    public void Any_beat_maps_to_the_window_of_its_bars_downbeat(NonNegativeInt beat, PositiveInt bar)
    {
        var beatIndex = (long)beat.Get;
        var downbeat = beatIndex - beatIndex % bar.Get;

        Assert.Equal(WindowId.ForDownbeat("chorus-aus-01", downbeat), WindowId.For("chorus-aus-01", beatIndex, bar.Get));
    }

    [Property]
    public void A_window_id_is_32_lowercase_hex_characters(NonNegativeInt downbeat, NonEmptyString cluster)
    {
        var id = WindowId.ForDownbeat(cluster.Get, downbeat.Get);

        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public void A_negative_beat_or_an_empty_bar_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowId.For("chorus-aus-01", -1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowId.For("chorus-aus-01", 8, 0));
    }
}
