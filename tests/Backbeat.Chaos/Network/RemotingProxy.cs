using System.Net;
using System.Net.Sockets;

namespace Backbeat.Chaos.Network;

/// <summary>
/// A loopback TCP proxy in front of one member's remoting port. Peers dial the member's advertised address, which is
/// this proxy; it reads the first frame to learn who dialed (<see cref="AkkaHandshake"/>), refuses the connection
/// when that link is cut, and otherwise relays bytes both ways, counting them per link. While its member's process
/// is down the proxy closes its port too (<see cref="CloseListening"/>), as the member's own port would be: a peer
/// dialing a killed member is refused by the host, not accepted and then dropped.
/// </summary>
public sealed class RemotingProxy : IAsyncDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly ProxyNetwork _network;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    internal RemotingProxy(string member, IPEndPoint listen, IPEndPoint upstream, ProxyNetwork network)
    {
        Member = member;
        Listen = listen;
        Upstream = upstream;
        _network = network;
        OpenListening();
    }

    public string Member { get; }

    public IPEndPoint Listen { get; }

    public IPEndPoint Upstream { get; }

    /// <summary>Listens on the member's advertised port (again); a no-op while already listening.</summary>
    public void OpenListening()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new TcpListener(Listen);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _accepting = AcceptLoopAsync(listener);
        }
    }

    /// <summary>Closes the advertised port, so dialers are refused as they would be by a host whose process died.</summary>
    public void CloseListening()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        CloseListening();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket downstream;
            try
            {
                downstream = await listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(downstream));
        }
    }

    private async Task RelayAsync(Socket downstream)
    {
        downstream.NoDelay = true;
        using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        handshakeTimeout.CancelAfter(HandshakeTimeout);
        byte[] first;
        try
        {
            first = await ReadFirstFrameAsync(downstream, handshakeTimeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            downstream.Close();
            return;
        }

        var origin = first.Length > 4 ? AkkaHandshake.FindOrigin(first.AsSpan(4), _network.MemberByHost) : null;
        Link? link = origin is null || origin == Member ? null : new Link(origin, Member);
        if (link is { } refused && _network.IsCut(refused))
        {
            _network.CountRefused(refused);
            new ProxiedConnection(link, downstream, new Socket(SocketType.Stream, ProtocolType.Tcp)).Close();
            return;
        }

        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(Upstream, _stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            new ProxiedConnection(link, downstream, upstream).Close();
            return;
        }

        var connection = new ProxiedConnection(link, downstream, upstream);
        if (!_network.Register(connection))
        {
            // The link was cut while this connection was being opened.
            connection.Close();
            return;
        }

        try
        {
            await PumpAsync(connection, first, downstream, upstream, link);
        }
        finally
        {
            connection.Close();
            _network.Unregister(connection);
        }
    }

    private async Task PumpAsync(ProxiedConnection connection, byte[] first, Socket downstream, Socket upstream, Link? link)
    {
        try
        {
            await upstream.SendAsync(first, SocketFlags.None, _stopping.Token);
            _network.CountBytes(link, first.Length);
            var toUpstream = CopyAsync(downstream, upstream, link);
            var toDownstream = CopyAsync(upstream, downstream, link);
            await Task.WhenAny(toUpstream, toDownstream);
            connection.Close();
            await Task.WhenAll(toUpstream, toDownstream);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A cut, a peer that went away, or the proxy stopping: the connection is closed either way.
        }
    }

    private async Task CopyAsync(Socket from, Socket to, Link? link)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    return;
                }

                // Checked per chunk: a cut made while bytes were in flight must not let them through.
                if (link is { } l && _network.IsCut(l))
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
                _network.CountBytes(link, read);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The 4-byte length header and the payload of the first frame, read whole before anything is relayed.</summary>
    private static async Task<byte[]> ReadFirstFrameAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactlyAsync(socket, header, cancellationToken);
        if (!AkkaHandshake.TryReadLength(header, out var length))
        {
            // Not an Akka frame: relay it as it came, the dialer unknown.
            return header;
        }

        var frame = new byte[4 + length];
        header.CopyTo(frame, 0);
        await ReadExactlyAsync(socket, frame.AsMemory(4), cancellationToken);
        return frame;
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer[offset..], SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("the dialer closed before its first frame was complete");
            }

            offset += read;
        }
    }
}
