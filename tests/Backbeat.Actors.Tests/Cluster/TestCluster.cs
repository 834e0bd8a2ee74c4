namespace Backbeat.Tests.Cluster;

/// <summary>Several test nodes forming one cluster: the first forms it, the others join it.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];

    public IReadOnlyList<TestNode> Nodes => _nodes;

    public TestNode this[int index] => _nodes[index];

    /// <summary>Starts one node per spec and waits until all are Up. Specs copied from one another get fresh node ids.</summary>
    public static async Task<TestCluster> StartAsync(params TestNodeSpec[] specs)
    {
        specs = specs.Select((spec, i) => specs.Take(i).Any(earlier => earlier.NodeId == spec.NodeId)
            ? spec with { NodeId = Backbeat.Configuration.BackbeatOptions.GenerateNodeId() }
            : spec).ToArray();
        var cluster = new TestCluster();
        var first = await TestNode.StartAsync(specs[0]);
        cluster._nodes.Add(first);
        await first.WaitUpAsync();
        for (var i = 1; i < specs.Length; i++)
        {
            cluster._nodes.Add(await TestNode.StartAsync(specs[i] with { Join = specs[i].Join ?? first.Address }));
        }

        await Task.WhenAll(cluster._nodes.Select(n => n.WaitUpAsync()));
        return cluster;
    }

    /// <summary>Starts another node that joins the cluster's first node.</summary>
    public async Task<TestNode> JoinAsync(TestNodeSpec spec)
    {
        var node = await TestNode.StartAsync(spec with { Join = _nodes[0].Address });
        _nodes.Add(node);
        await node.WaitUpAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}

/// <summary>Polling for a condition with a deadline, for tests that watch a running cluster.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} not met within {timeout}");
            }

            await Task.Delay(20);
        }
    }
}
