using System.Globalization;
using Backbeat.Timing;

namespace Backbeat.Tests.Timing;

/// <summary>SPEC §1: a tempo is a positive decimal; Backbeat keeps it to a millionth of a BPM and prints it as people write it.</summary>
public sealed class TempoTests
{
    [Theory]
    [InlineData("12", "12")]
    [InlineData("12.0", "12")]
    [InlineData("12.500", "12.5")]
    [InlineData("0.5", "0.5")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("7.333333", "7.333333")]
    [InlineData("120.000000", "120")]
    public void A_tempo_prints_without_trailing_zeros(string tempo, string expected)
    {
        Assert.Equal(expected, Tempo.Format(Bpm(tempo)));
    }

    [Theory]
    [InlineData("0.000001")]
    [InlineData("0.5")]
    [InlineData("12")]
    [InlineData("7.333333")]
    [InlineData("12.5000000")]
    public void A_positive_tempo_of_at_most_six_decimal_places_is_representable(string tempo)
    {
        Assert.True(Tempo.IsRepresentable(Bpm(tempo), out var reason), reason);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("0", "tempo must be positive, got 0")]
    [InlineData("-0.5", "tempo must be positive, got -0.5")]
    [InlineData("0.0000001", "tempo 0.0000001 has more than 6 decimal places")]
    [InlineData("7.3333333", "tempo 7.3333333 has more than 6 decimal places")]
    public void Other_tempos_are_not_representable_and_the_reason_says_why(string tempo, string expected)
    {
        Assert.False(Tempo.IsRepresentable(Bpm(tempo), out var reason));
        Assert.Equal(expected, reason);
    }

    private static decimal Bpm(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
