using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace Backbeat.Tests.Cluster;

/// <summary>Cuts and heals traffic between test nodes with Akka.Remote's throttler adapter (trttl).</summary>
public static class Partitions
{
    public static async Task BlackholeAsync(TestNode from, TestNode to)
    {
        await SetAsync(from, to, Blackhole.Instance);
        await SetAsync(to, from, Blackhole.Instance);
    }

    public static async Task HealAsync(TestNode from, TestNode to)
    {
        await SetAsync(from, to, Unthrottled.Instance);
        await SetAsync(to, from, Unthrottled.Instance);
    }

    private static async Task SetAsync(TestNode node, TestNode peer, ThrottleMode mode)
    {
        var provider = (IRemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider;
        var done = await provider.Transport.ManagementCommand(new SetThrottle(peer.Address, ThrottleTransportAdapter.Direction.Both, mode));
        if (!done)
        {
            throw new InvalidOperationException($"the throttler refused to change {node.Address} → {peer.Address}");
        }
    }
}
