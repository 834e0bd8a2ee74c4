using Backbeat.Configuration;

namespace Backbeat.Tests.Configuration;

/// <summary>SPEC §9: a seed is <c>akka.tcp://backbeat@host:port</c>, checked before Akka sees it.</summary>
public sealed class SeedAddressTests
{
    [Theory]
    [InlineData("akka.tcp://backbeat@127.0.0.1:4053", "127.0.0.1", 4053)]
    [InlineData("akka.tcp://backbeat@lighthouse-1:4053", "lighthouse-1", 4053)]
    [InlineData("  akka.tcp://backbeat@127.0.0.1:4054  ", "127.0.0.1", 4054)]
    [InlineData("akka.tcp://backbeat@[::1]:4053", "[::1]", 4053)]
    [InlineData("akka.tcp://backbeat@127.0.0.1:65535", "127.0.0.1", 65535)]
    public void A_backbeat_address_with_host_and_port_is_a_seed(string text, string host, int port)
    {
        Assert.True(SeedAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal("akka.tcp", address.Scheme);
        Assert.Equal("backbeat", address.UserInfo);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_seed_is_refused(string? text)
    {
        Assert.False(SeedAddress.TryParse(text, out _, out var error));
        Assert.Equal("a seed address must not be empty", error);
    }

    [Theory]
    [InlineData("127.0.0.1:4053")]
    [InlineData("backbeat@127.0.0.1:4053")]
    [InlineData("http://backbeat@127.0.0.1:4053")]
    [InlineData("akka.udp://backbeat@127.0.0.1:4053")]
    [InlineData("akka.tcp://backbeat@127.0.0.1:70000")]
    [InlineData("akka.tcp://backbeat@127.0.0.1:port")]
    public void Text_that_is_not_an_akka_tcp_address_is_refused_showing_the_expected_form(string text)
    {
        Assert.False(SeedAddress.TryParse(text, out _, out var error));
        Assert.Equal($"'{text}' is not a seed address (expected akka.tcp://backbeat@host:port)", error);
    }

    [Theory]
    [InlineData("akka.tcp://other@127.0.0.1:4053", "other")]
    [InlineData("akka.tcp://Backbeat@127.0.0.1:4053", "Backbeat")]
    [InlineData("akka.tcp://127.0.0.1:4053", "")]
    public void An_address_of_another_actor_system_is_refused_naming_both_systems(string text, string system)
    {
        Assert.False(SeedAddress.TryParse(text, out _, out var error));
        Assert.Equal($"'{text}' names actor system '{system}', but every Backbeat node runs 'backbeat'", error);
    }

    [Theory]
    [InlineData("akka.tcp://backbeat@127.0.0.1")]
    [InlineData("akka.tcp://backbeat@127.0.0.1:0")]
    public void An_address_without_a_port_is_refused(string text)
    {
        Assert.False(SeedAddress.TryParse(text, out _, out var error));
        Assert.Equal($"'{text}' needs a host and a port (akka.tcp://backbeat@host:port)", error);
    }
}
