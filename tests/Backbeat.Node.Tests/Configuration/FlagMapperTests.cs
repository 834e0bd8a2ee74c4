using Backbeat.Node.Configuration;

namespace Backbeat.Node.Tests.Configuration;

public sealed class FlagMapperTests
{
    [Theory]
    [InlineData("--bpm", "13")]
    [InlineData("-bpm", "13")]
    [InlineData("--BPM", "13")]
    public void A_flag_and_its_value_map_to_the_configuration_key(string flag, string value)
    {
        var mapping = FlagMapper.Map([flag, value]);

        Assert.Null(mapping.Error);
        Assert.Equal("13", mapping.Values["Backbeat:Bpm"]);
    }

    [Theory]
    [InlineData("--bpm=13")]
    [InlineData("-bpm=13")]
    public void A_flag_may_carry_its_value_after_an_equals_sign(string arg)
    {
        Assert.Equal("13", FlagMapper.Map([arg]).Values["Backbeat:Bpm"]);
    }

    [Fact]
    public void Every_setting_of_the_spec_has_a_flag()
    {
        string[] spec = ["cluster", "node-id", "bpm", "bar", "phases", "min-bpm", "max-bpm", "nats", "admin-port", "host", "port", "seeds", "data-dir", "admin-token"];

        Assert.All(spec, flag => Assert.NotNull(NodeSettings.ByFlag(flag)));
    }

    [Fact]
    public void Cluster_maps_to_the_cluster_id()
    {
        Assert.Equal("c1", FlagMapper.Map(["--cluster", "c1"]).Values["Backbeat:ClusterId"]);
    }

    [Fact]
    public void Lists_are_passed_on_as_written()
    {
        var mapping = FlagMapper.Map(["--phases", "plan,work,review", "--seeds", "akka.tcp://backbeat@a:1,akka.tcp://backbeat@b:2"]);

        Assert.Equal("plan,work,review", mapping.Values["Backbeat:Phases"]);
        Assert.Equal("akka.tcp://backbeat@a:1,akka.tcp://backbeat@b:2", mapping.Values["Backbeat:Seeds"]);
    }

    [Fact]
    public void The_last_occurrence_of_a_flag_wins()
    {
        Assert.Equal("14", FlagMapper.Map(["--bpm", "13", "-bpm", "14"]).Values["Backbeat:Bpm"]);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_flag()
    {
        Assert.Equal("-5", FlagMapper.Map(["--bpm", "-5"]).Values["Backbeat:Bpm"]);
    }

    [Fact]
    public void An_unknown_flag_is_an_error_naming_it()
    {
        Assert.Contains("--tempo", FlagMapper.Map(["--tempo", "12"]).Error);
    }

    [Theory]
    [InlineData("--bpm")]
    [InlineData("--bpm", "--bar", "4")]
    public void A_flag_without_a_value_is_an_error_naming_it(params string[] args)
    {
        Assert.Equal("--bpm: needs a value", FlagMapper.Map(args).Error);
    }

    [Fact]
    public void A_stray_argument_is_an_error_naming_it()
    {
        Assert.Contains("'12'", FlagMapper.Map(["12"]).Error);
    }

    [Fact]
    public void Help_is_a_request_not_an_error()
    {
        var mapping = FlagMapper.Map(["--help"]);

        Assert.True(mapping.Help);
        Assert.Null(mapping.Error);
    }
}
