using Backbeat.Node.Api;
using Backbeat.Node.Cli;
using Backbeat.Node.Tests.Support;
using Backbeat.Tests.Nats;

namespace Backbeat.Node.Tests.Cli;

/// <summary><c>tail --nats</c> reads the leader's frames from a real nats-server that a real node publishes to.</summary>
public sealed class TailFromNatsTests
{
    [Fact]
    public async Task Tail_from_nats_prints_the_leaders_frames_of_the_named_cluster()
    {
        Assert.True(File.Exists(NatsServerProcess.ServerPath), $"this test needs nats-server at {NatsServerProcess.ServerPath} (./build.sh test installs it)");
        using var nats = NatsServerProcess.Start();
        await using var node = await TestNode.Create().WithRealPulse("--bpm", "24", "--nats", nats.Url).StartAsync();

        var run = await CliRun.RunAsync(["tail", "--nats", nats.Url, "--cluster", "test-cluster", "--json", "--count", "3"]);

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        var beats = run.OutLines.Select(BeatStream.Parse).ToList();
        Assert.Equal(3, beats.Count);
        Assert.All(beats, b => Assert.Equal("test-cluster", b.Frame.ClusterId));
        Assert.All(beats, b => Assert.Equal("leader", b.Origin));
    }
}
