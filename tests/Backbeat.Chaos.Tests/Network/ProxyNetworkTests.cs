using System.Net.Sockets;
using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Network;

namespace Backbeat.Chaos.Tests.Network;

/// <summary>
/// The partition is only as good as the cut: these run real sockets through the proxies and check that a cut
/// link carries nothing, in either direction, on old or new connections, while other links carry on.
/// </summary>
public sealed class ProxyNetworkTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    // Member numbers far from the harness' own (0..3), so a round running alongside never shares an address.
    private readonly MemberAddress _a = MemberAddress.For("member-a", 51);
    private readonly MemberAddress _b = MemberAddress.For("member-b", 52);
    private readonly MemberAddress _c = MemberAddress.For("member-c", 53);
    private readonly ProxyNetwork _network = new();
    private EchoServer _bRemoting = null!;

    public Task InitializeAsync()
    {
        _bRemoting = new EchoServer(_b.Bound);
        foreach (var member in new[] { _a, _b, _c })
        {
            _network.Add(member.Name, member.Advertised, member.Bound);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        await _bRemoting.DisposeAsync();
    }

    [Fact]
    public async Task Traffic_flows_both_ways_through_an_intact_link_and_is_counted()
    {
        using var fromA = await DialAsync(_b, _a);

        Assert.True(await EchoesAsync(fromA, "ping"));
        Assert.True(_network.BytesRelayed(new Link(_a.Name, _b.Name)) > 0);
    }

    [Fact]
    public async Task Cutting_a_link_drops_its_open_connections()
    {
        using var fromA = await DialAsync(_b, _a);
        Assert.True(await EchoesAsync(fromA, "before"));

        _network.Cut(new Link(_a.Name, _b.Name));

        Assert.True(await IsClosedAsync(fromA), "the connection stayed open after the cut");
    }

    [Fact]
    public async Task A_cut_link_refuses_new_connections_before_they_reach_the_member()
    {
        _network.Cut(new Link(_b.Name, _a.Name));
        var acceptedBefore = _bRemoting.Accepted;
        var relayedBefore = _network.BytesRelayed(new Link(_a.Name, _b.Name));

        using var fromA = await DialAsync(_b, _a);

        Assert.True(await IsClosedAsync(fromA), "a new connection got through the cut");
        Assert.Equal(acceptedBefore, _bRemoting.Accepted);
        Assert.Equal(relayedBefore, _network.BytesRelayed(new Link(_a.Name, _b.Name)));
        Assert.Equal(1, _network.Refused(new Link(_a.Name, _b.Name)));
    }

    [Fact]
    public async Task A_cut_leaves_the_other_links_of_both_members_intact()
    {
        _network.Cut(new Link(_a.Name, _b.Name));

        using var fromC = await DialAsync(_b, _c);

        Assert.True(await EchoesAsync(fromC, "still here"));
    }

    [Fact]
    public async Task A_healed_link_carries_traffic_again()
    {
        _network.Isolate(_a.Name);
        using (var during = await DialAsync(_b, _a))
        {
            Assert.True(await IsClosedAsync(during));
        }

        _network.HealAll();
        using var after = await DialAsync(_b, _a);

        Assert.True(await EchoesAsync(after, "healed"));
    }

    /// <summary>Connects to <paramref name="target"/>'s advertised address as <paramref name="dialer"/> would: its handshake first.</summary>
    private static async Task<Socket> DialAsync(MemberAddress target, MemberAddress dialer)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target.Advertised);
        await socket.SendAsync(HandshakeFrames.Associate(dialer.PublicHost.ToString(), dialer.Port), SocketFlags.None);
        return socket;
    }

    /// <summary>Sends a message and reads until the handshake and the message have both come back.</summary>
    private static async Task<bool> EchoesAsync(Socket socket, string message)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(message);
        await socket.SendAsync(payload, SocketFlags.None);
        using var timeout = new CancellationTokenSource(Patience);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!timeout.IsCancellationRequested)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                return false;
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
            if (received.Count >= payload.Length && received.TakeLast(payload.Length).SequenceEqual(payload))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> IsClosedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
