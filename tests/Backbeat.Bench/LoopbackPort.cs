using System.Net;
using System.Net.Sockets;

namespace Backbeat.Bench;

/// <summary>Loopback ports for the processes the bench starts (nats-server, a Backbeat node).</summary>
internal static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
