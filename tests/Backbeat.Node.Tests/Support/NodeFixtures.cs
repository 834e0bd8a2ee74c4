using System.Net;

namespace Backbeat.Node.Tests.Support;

/// <summary>One running node with an answering test leader, shared by the tests of a class.</summary>
public sealed class RunningNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.Create().StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>A node whose leader never answers.</summary>
public sealed class SilentLeaderNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.Create().WithLeader(new TestLeaderState { Silent = true }).StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>A node configured with an admin token (through BACKBEAT_ADMIN_TOKEN).</summary>
public sealed class TokenNodeFixture : IAsyncLifetime
{
    public const string Token = "s3cret-admin-token";

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.Create().WithAdminToken(Token).StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>A node without a token whose callers all appear to come from a non-loopback address.</summary>
public sealed class RemoteCallerNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.Create().WithCallersAt(IPAddress.Parse("203.0.113.7")).StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>A node running the real pulse (leader singleton and follower) at the fastest allowed default tempo.</summary>
public sealed class RealPulseNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.Create().WithRealPulse("--bpm", "24").StartAsync();
        await WaitForSteadyLeaderFramesAsync();
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>
    /// A brand-new process may stall its first beats while it compiles their paths, and its follower then rightly
    /// covers them locally; the tests start once three leader frames in a row reached the node's stream.
    /// </summary>
    private async Task WaitForSteadyLeaderFramesAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var response = await Node.Client.GetAsync("/beats/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var inARow = 0;
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            inARow = Backbeat.Node.Api.BeatStream.Parse(item.Data).Origin == "leader" ? inARow + 1 : 0;
            if (inARow == 3)
            {
                return;
            }
        }
    }
}
