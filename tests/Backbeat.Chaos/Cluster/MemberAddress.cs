using System.Net;

namespace Backbeat.Chaos.Cluster;

/// <summary>
/// Where a cluster member's remoting lives. Member <c>k</c> binds <c>127.0.0.(10+k)</c> and advertises
/// <c>127.0.0.(100+k)</c> on the same port, where its proxy listens: every peer reaches it through the proxy, and
/// the advertised address the peers dial equals the one the member announces in its handshake (Akka requires both).
/// Linux routes all of 127.0.0.0/8 to loopback, so no setup is needed; all traffic stays on loopback.
/// </summary>
public sealed record MemberAddress(string Name, IPAddress BindHost, IPAddress PublicHost, int Port)
{
    public static MemberAddress For(string name, int index)
    {
        if (index is < 0 or > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "members are numbered 0 to 99");
        }

        var bind = IPAddress.Parse($"127.0.0.{10 + index}");
        // 100..199: every advertised host is 11 characters, so none is a prefix of another in a handshake.
        var advertised = IPAddress.Parse($"127.0.0.{100 + index}");
        return new MemberAddress(name, bind, advertised, FreePorts.OnAll(bind, advertised));
    }

    public IPEndPoint Bound => new(BindHost, Port);

    public IPEndPoint Advertised => new(PublicHost, Port);

    public string AkkaAddress => $"akka.tcp://backbeat@{PublicHost}:{Port}";
}
