using System.Net;
using System.Net.Sockets;

namespace Backbeat.Node.Configuration;

/// <summary>Checks before start-up that a TCP port can be bound, so a port in use is a clear error, not a failure deep inside Kestrel or Akka.</summary>
public static class PortProbe
{
    public static bool TryBind(string host, int port, out string? problem)
    {
        problem = null;
        if (port == 0)
        {
            return true;
        }

        IPAddress address;
        try
        {
            address = ResolveBindAddress(host);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or InvalidOperationException)
        {
            problem = $"'{host}' cannot be resolved to a local address";
            return false;
        }

        try
        {
            var listener = new TcpListener(address, port) { ExclusiveAddressUse = true };
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            problem = $"port {port} on {address} is already in use";
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            problem = $"cannot listen on {address}:{port}: {address} is not an address of this machine (see --host)";
            return false;
        }
        catch (SocketException ex)
        {
            problem = $"cannot listen on {address}:{port}: {ex.Message}";
            return false;
        }
    }

    public static IPAddress ResolveBindAddress(string host)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
    }
}
