using System.Net.Sockets;

namespace Backbeat.Chaos.Network;

/// <summary>One accepted connection and its upstream twin; closing it drops both sockets at once.</summary>
internal sealed class ProxiedConnection
{
    private readonly Socket _downstream;
    private readonly Socket _upstream;
    private int _closed;

    public ProxiedConnection(Link? link, Socket downstream, Socket upstream)
    {
        Link = link;
        _downstream = downstream;
        _upstream = upstream;
    }

    /// <summary>The members this connection joins; null when the dialer could not be told.</summary>
    public Link? Link { get; }

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        Abort(_downstream);
        Abort(_upstream);
    }

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger 0 resets the connection: the peer sees it drop now, as when a cable is pulled, not a polite FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
