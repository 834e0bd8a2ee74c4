using System.Net;
using System.Net.Sockets;
using Backbeat.Pulse;

namespace Backbeat.Tests.Pulse;

public sealed class RemotingPortProbeTests
{
    private readonly RemotingPortProbe _probe = new(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task A_port_nothing_listens_on_is_refused()
    {
        var port = ClosedPort();

        Assert.Equal(RemotingPortState.Refused, await _probe.ProbeAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task A_listening_port_is_accepting()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            Assert.Equal(RemotingPortState.Accepting, await _probe.ProbeAsync("127.0.0.1", port));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_listener_that_never_accepts_still_counts_as_accepting()
    {
        // A paused process: the kernel completes the handshake from the backlog without the process running.
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        try
        {
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

            Assert.Equal(RemotingPortState.Accepting, await _probe.ProbeAsync("127.0.0.1", port));
        }
        finally
        {
            listener.Dispose();
        }
    }

    [Fact]
    public async Task A_cancelled_probe_proves_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.Equal(RemotingPortState.Unknown, await _probe.ProbeAsync("127.0.0.1", ClosedPort(), cancelled.Token));
    }

    [Fact]
    public void A_probe_needs_a_positive_timeout() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemotingPortProbe(TimeSpan.Zero));

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
