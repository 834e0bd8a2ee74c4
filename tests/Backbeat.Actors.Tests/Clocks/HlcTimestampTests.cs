using Backbeat.Clocks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Backbeat.Tests.Clocks;

public static class HlcArbitraries
{
    private static readonly Gen<string> Suffix =
        Gen.Choose(1, 4).SelectMany(length => Gen.ArrayOf(Gen.Elements("0123456789abcdefghijklmnopqrstuvwxyz-_".ToCharArray()), length))
            .Select(chars => new string(chars));

    public static Arbitrary<HlcTimestamp> Timestamps() => Arb.From(
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        from smallL in Gen.Choose(0, 0x2000)
        from bigL in Gen.Elements(true, false)
        from c in Gen.Frequency((3, Gen.Choose(0, 0x1_0010)), (1, Gen.Choose(0, int.MaxValue)))
        from node in Suffix
        select new HlcTimestamp(bigL ? ((long)high << 31) | (uint)low : smallL, c, node));
}

/// <summary>SPEC §5: the text form <c>hex(l):hex4(c):suffix</c>, parsing it, and ordering by (l, c) as numbers.</summary>
[Properties(Arbitrary = new[] { typeof(HlcArbitraries) })]
public sealed class HlcTimestampTests
{
    [Fact]
    public void The_spec_example_prints_as_in_the_spec()
    {
        Assert.Equal("18c1f2a3b4d:0001:c123", new HlcTimestamp(0x18c1f2a3b4d, 1, "c123").ToString());
    }

    [Theory]
    [InlineData(0, "0000")]
    [InlineData(0xabc, "0abc")]
    [InlineData(0xffff, "ffff")]
    [InlineData(0x12345, "12345")]
    public void The_counter_is_lowercase_hex_padded_to_at_least_four_digits(int c, string expected)
    {
        Assert.Equal($"ff:{expected}:c123", new HlcTimestamp(0xff, c, "c123").ToString());
    }

    [Fact]
    public void Physical_time_is_lowercase_hex_without_padding()
    {
        Assert.Equal("0:0000:ab", new HlcTimestamp(0, 0, "ab").ToString());
        Assert.Equal("19ab697e800:0000:ab", new HlcTimestamp(1_764_000_000_000, 0, "ab").ToString());
    }

    [Fact]
    public void A_short_node_id_is_printed_whole()
    {
        Assert.Equal("ff:0001:x", new HlcTimestamp(0xff, 1, "x").ToString());
    }

    [Fact]
    public void The_spec_example_parses()
    {
        Assert.Equal(new HlcTimestamp(0x18c1f2a3b4d, 1, "c123"), HlcTimestamp.Parse("18c1f2a3b4d:0001:c123"));
    }

    [Property]
    public void Any_timestamp_survives_a_round_trip_through_its_text(HlcTimestamp timestamp)
    {
        Assert.Equal(timestamp, HlcTimestamp.Parse(timestamp.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("18c1f2a3b4d")]
    [InlineData("18c1f2a3b4d:0001")]
    [InlineData("18c1f2a3b4d:0001:c1:23")]
    [InlineData(":0001:c123")]
    [InlineData("xyz:0001:c123")]
    [InlineData("0x18c:0001:c123")]
    [InlineData("-1:0001:c123")]
    [InlineData(" 18c:0001:c123")]
    [InlineData("ffffffffffffffff:0001:c123")]
    [InlineData("1ffffffffffffffff:0001:c123")]
    [InlineData("18c:001:c123")]
    [InlineData("18c::c123")]
    [InlineData("18c:00g1:c123")]
    [InlineData("18c:ffffffff:c123")]
    [InlineData("18c:0001:")]
    public void Malformed_text_is_refused_with_a_reason_that_quotes_it(string? text)
    {
        var parsed = HlcTimestamp.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.Contains($"'{text}'", error);
        Assert.Equal(error, Assert.Throws<FormatException>(() => HlcTimestamp.Parse(text!)).Message);
    }

    [Fact]
    public void Physical_time_orders_as_a_number_not_as_text()
    {
        var earlier = new HlcTimestamp(0xff, 0, "c123");
        var later = new HlcTimestamp(0x100, 0, "c123");

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) > 0, "as text, ff:… sorts after 100:…");
        Assert.True(earlier < later);
        Assert.True(earlier.CompareTo(later) < 0);
    }

    [Fact]
    public void The_counter_orders_as_a_number_not_as_text()
    {
        var earlier = new HlcTimestamp(5, 0xffff, "c123");
        var later = new HlcTimestamp(5, 0x10000, "c123");

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) > 0, "as text, 5:ffff:… sorts after 5:10000:…");
        Assert.True(earlier < later);
    }

    [Fact]
    public void Physical_time_outranks_the_counter()
    {
        Assert.True(new HlcTimestamp(1, 0xffff, "a") < new HlcTimestamp(2, 0, "a"));
    }

    [Fact]
    public void The_node_does_not_take_part_in_the_order()
    {
        var a = new HlcTimestamp(7, 3, "aaaa");
        var b = new HlcTimestamp(7, 3, "zzzz");

        Assert.Equal(0, a.CompareTo(b));
        Assert.True(a <= b && a >= b);
        Assert.False(a < b || a > b);
    }

    [Property]
    public void Order_is_the_numeric_order_of_l_then_c_and_survives_the_text_form(HlcTimestamp x, HlcTimestamp y)
    {
        var expected = (x.L, x.C).CompareTo((y.L, y.C));

        Assert.Equal(Math.Sign(expected), Math.Sign(x.CompareTo(y)));
        Assert.Equal(Math.Sign(expected), Math.Sign(HlcTimestamp.Parse(x.ToString()).CompareTo(HlcTimestamp.Parse(y.ToString()))));
        Assert.Equal(expected < 0, x < y);
        Assert.Equal(expected > 0, x > y);
        Assert.Equal(expected <= 0, x <= y);
        Assert.Equal(expected >= 0, x >= y);
    }
}
