using System.Collections.Concurrent;
using System.Net;

namespace Backbeat.Chaos.Network;

/// <summary>
/// The proxies in front of every member's remoting, and the links the harness has cut. Cutting a link closes every
/// open connection between its two members (whoever dialed) and refuses new ones until it is healed, so no byte
/// passes either way: a partition at the socket level, with the members' processes and NATS untouched.
/// </summary>
public sealed class ProxyNetwork : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _memberByHost = new(StringComparer.Ordinal);
    private readonly List<RemotingProxy> _proxies = [];
    private readonly HashSet<Link> _cut = [];
    private readonly HashSet<ProxiedConnection> _open = [];
    private readonly ConcurrentDictionary<Link, long> _bytes = new();
    private readonly ConcurrentDictionary<Link, long> _refused = new();
    private readonly Lock _gate = new();

    public IReadOnlyDictionary<string, string> MemberByHost => _memberByHost;

    public IReadOnlyList<RemotingProxy> Proxies => _proxies;

    /// <summary>Puts a proxy on <paramref name="advertised"/> (what peers dial) relaying to <paramref name="bound"/>.</summary>
    public RemotingProxy Add(string member, IPEndPoint advertised, IPEndPoint bound)
    {
        if (!_memberByHost.TryAdd(advertised.Address.ToString(), member))
        {
            throw new ArgumentException($"{advertised.Address} is already advertised by {_memberByHost[advertised.Address.ToString()]}");
        }

        var proxy = new RemotingProxy(member, advertised, bound, this);
        _proxies.Add(proxy);
        return proxy;
    }

    public void Cut(Link link)
    {
        List<ProxiedConnection> closing;
        lock (_gate)
        {
            _cut.Add(link);
            closing = _open.Where(c => c.Link == link).ToList();
        }

        foreach (var connection in closing)
        {
            connection.Close();
        }
    }

    /// <summary>Cuts <paramref name="member"/> off from every other member.</summary>
    public IReadOnlyList<Link> Isolate(string member)
    {
        var links = _memberByHost.Values.Where(m => m != member).Select(m => new Link(member, m)).ToList();
        foreach (var link in links)
        {
            Cut(link);
        }

        return links;
    }

    public void HealAll()
    {
        lock (_gate)
        {
            _cut.Clear();
        }
    }

    public bool IsCut(Link link)
    {
        lock (_gate)
        {
            return _cut.Contains(link);
        }
    }

    /// <summary>Bytes relayed between the two members of <paramref name="link"/> so far, both ways.</summary>
    public long BytesRelayed(Link link) => _bytes.GetValueOrDefault(link);

    /// <summary>Connections refused on <paramref name="link"/> because it was cut.</summary>
    public long Refused(Link link) => _refused.GetValueOrDefault(link);

    /// <summary>Open connections on <paramref name="link"/>.</summary>
    public int OpenConnections(Link link)
    {
        lock (_gate)
        {
            return _open.Count(c => c.Link == link && !c.IsClosed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ProxiedConnection> open;
        lock (_gate)
        {
            open = _open.ToList();
        }

        foreach (var connection in open)
        {
            connection.Close();
        }

        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
    }

    internal bool Register(ProxiedConnection connection)
    {
        lock (_gate)
        {
            if (connection.Link is { } link && _cut.Contains(link))
            {
                return false;
            }

            _open.Add(connection);
            return true;
        }
    }

    internal void Unregister(ProxiedConnection connection)
    {
        lock (_gate)
        {
            _open.Remove(connection);
        }
    }

    internal void CountBytes(Link? link, long bytes)
    {
        if (link is { } l)
        {
            _bytes.AddOrUpdate(l, bytes, (_, total) => total + bytes);
        }
    }

    internal void CountRefused(Link link) => _refused.AddOrUpdate(link, 1, (_, total) => total + 1);
}
