using System.Net.Http.Json;
using Backbeat.Node.Api;

namespace Backbeat.Node.Tests.Support;

/// <summary>Two real nodes on loopback: the first seeds itself (and leads), the second joins it.</summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    private TwoNodeCluster(TestNode first, TestNode second, string firstAddress, string secondAddress)
    {
        First = first;
        Second = second;
        FirstAddress = firstAddress;
        SecondAddress = secondAddress;
    }

    public TestNode First { get; }

    public TestNode Second { get; }

    public string FirstAddress { get; }

    public string SecondAddress { get; }

    public static async Task<TwoNodeCluster> StartAsync(params string[] pulseArgs)
    {
        var first = await TestNode.Create().WithRealPulse(pulseArgs).StartAsync();
        try
        {
            var firstAddress = (await first.Client.GetFromJsonAsync("/cluster", AdminJsonContext.Default.ClusterResponse))!.SelfAddress;
            var second = await TestNode.Create()
                .WithRealPulse([.. pulseArgs, "--seeds", firstAddress, "--node-id", "pulse-0e0e0e"])
                .StartAsync();
            var secondAddress = (await second.Client.GetFromJsonAsync("/cluster", AdminJsonContext.Default.ClusterResponse))!.SelfAddress;
            var cluster = new TwoNodeCluster(first, second, firstAddress, secondAddress);
            await cluster.WaitUntilAsync(c => c.Members.Count(m => m.Status == "Up") == 2, "both nodes Up as the first sees it");
            return cluster;
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls the first node's <c>/cluster</c> until the condition holds (generous: membership gossips in seconds).</summary>
    public async Task WaitUntilAsync(Func<ClusterResponse, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        ClusterResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await First.Client.GetFromJsonAsync("/cluster", AdminJsonContext.Default.ClusterResponse);
            if (condition(last!))
            {
                return;
            }

            await Task.Delay(250);
        }

        var seen = last is null ? "nothing" : string.Join(", ", last.Members.Select(m => $"{m.Address} {m.Status} {m.Reachability}"));
        throw new TimeoutException($"not reached within the timeout: {what}; last seen: {seen}");
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeQuietlyAsync(Second);
        await DisposeQuietlyAsync(First);
    }

    // A node that left the cluster may already have shut its host down; stopping it again is no failure of the test.
    private static async Task DisposeQuietlyAsync(TestNode node)
    {
        try
        {
            await node.DisposeAsync();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }
}
