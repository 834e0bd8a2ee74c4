using Backbeat.Chaos.Network;

namespace Backbeat.Chaos.Tests.Network;

public sealed class AkkaHandshakeTests
{
    private static readonly Dictionary<string, string> Members = new()
    {
        ["127.0.0.100"] = "lighthouse",
        ["127.0.0.101"] = "chaos-n001",
        ["127.0.0.102"] = "chaos-n002",
    };

    [Fact]
    public void The_dialer_is_the_member_whose_advertised_host_the_handshake_carries()
    {
        var frame = HandshakeFrames.Associate("127.0.0.102", 40123);
        Assert.True(AkkaHandshake.TryReadLength(frame, out var length));

        Assert.Equal(frame.Length - 4, length);
        Assert.Equal("chaos-n002", AkkaHandshake.FindOrigin(frame.AsSpan(4), Members));
    }

    [Fact]
    public void A_handshake_naming_no_member_has_no_known_dialer()
    {
        var frame = HandshakeFrames.Associate("127.0.0.199", 40123);

        Assert.Null(AkkaHandshake.FindOrigin(frame.AsSpan(4), Members));
    }

    [Fact]
    public void A_header_that_is_no_plausible_frame_length_is_refused()
    {
        Assert.False(AkkaHandshake.TryReadLength([0xFF, 0xFF, 0xFF, 0x7F], out _));
    }
}
