using Backbeat.Lighthouse;

namespace Backbeat.Tests.Lighthouse;

public sealed class LighthouseCommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_bind_loopback_on_4053_and_seed_themselves()
    {
        var options = LighthouseCommandLine.Parse([], NoEnvironment, out var errors);

        Assert.Empty(errors);
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(4053, options.Port);
        Assert.Equal("akka.tcp://backbeat@127.0.0.1:4053", options.SelfAddress);
    }

    [Theory]
    [InlineData("--port", "5000")]
    [InlineData("-port", "5000")]
    public void Port_is_read_from_double_and_single_dash_flags(string flag, string value)
    {
        var options = LighthouseCommandLine.Parse([flag, value], NoEnvironment, out var errors);

        Assert.Empty(errors);
        Assert.Equal(5000, options.Port);
    }

    [Fact]
    public void Equals_form_is_accepted()
    {
        var options = LighthouseCommandLine.Parse(["--public-host=seed.example"], NoEnvironment, out var errors);

        Assert.Empty(errors);
        Assert.Equal("akka.tcp://backbeat@seed.example:4053", options.SelfAddress);
    }

    [Fact]
    public void Environment_variables_apply_and_flags_win_over_them()
    {
        var environment = new Dictionary<string, string> { ["LIGHTHOUSE_PORT"] = "4100", ["LIGHTHOUSE_PUBLIC_HOST"] = "lighthouse" };

        var options = LighthouseCommandLine.Parse(["--port", "4200"], name => environment.GetValueOrDefault(name), out var errors);

        Assert.Empty(errors);
        Assert.Equal(4200, options.Port);
        Assert.Equal("lighthouse", options.PublicHost);
    }

    [Fact]
    public void Seeds_are_a_comma_separated_list()
    {
        var options = LighthouseCommandLine.Parse(["--seeds", "akka.tcp://backbeat@a:4053, akka.tcp://backbeat@b:4053"], NoEnvironment, out var errors);

        Assert.Empty(errors);
        Assert.Equal(["akka.tcp://backbeat@a:4053", "akka.tcp://backbeat@b:4053"], options.Seeds);
    }

    [Theory]
    [InlineData(new[] { "--port", "abc" }, "--port: 'abc' is not a port number")]
    [InlineData(new[] { "--port", "70000" }, "--port: 70000 is not a TCP port")]
    [InlineData(new[] { "--seeds", "localhost:4053" }, "--seeds: 'localhost:4053' is not a seed address")]
    [InlineData(new[] { "--seeds", "akka.tcp://other@a:4053" }, "--seeds: 'akka.tcp://other@a:4053' names actor system 'other'")]
    [InlineData(new[] { "--bogus", "1" }, "--bogus: unknown flag")]
    [InlineData(new[] { "--port" }, "--port: needs a value")]
    public void Bad_input_is_refused_with_the_setting_named(string[] args, string expected)
    {
        LighthouseCommandLine.Parse(args, NoEnvironment, out var errors);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
