using System.Net;
using System.Net.Sockets;

namespace Backbeat.Chaos.Cluster;

/// <summary>Free TCP ports on loopback addresses, asked of the kernel.</summary>
public static class FreePorts
{
    public static int On(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port free on every one of <paramref name="addresses"/> at once (a member binds one, its proxy the other).</summary>
    public static int OnAll(params IPAddress[] addresses)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = On(addresses[0]);
            if (addresses.Skip(1).All(a => IsFree(a, port)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no port free on all of {string.Join(", ", addresses.Select(a => a.ToString()))}");
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
