using Backbeat.Node.Cli;
using Backbeat.Node.Tests.Support;

namespace Backbeat.Node.Tests.Cli;

/// <summary><c>leave</c> and <c>down</c> against a real two-node cluster.</summary>
public sealed class MembershipVerbsTests
{
    [Fact]
    public async Task Leave_removes_the_member_from_the_cluster()
    {
        await using var cluster = await TwoNodeCluster.StartAsync("--bpm", "24");
        var before = await CliRun.AgainstAsync(cluster.First, "members");
        Assert.Contains(cluster.SecondAddress, before.Out);

        var run = await CliRun.AgainstAsync(cluster.First, "leave", cluster.SecondAddress);

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Equal($"{cluster.SecondAddress}: asked to leave; it hands over and is removed", run.Out.Trim());
        await cluster.WaitUntilAsync(c => c.Members.All(m => m.Address != cluster.SecondAddress), "the second node removed");
        var after = await CliRun.AgainstAsync(cluster.First, "members");
        Assert.DoesNotContain(cluster.SecondAddress, after.Out);
        Assert.Contains("1 up of 1", after.Out);
    }

    [Fact]
    public async Task Down_removes_the_member_from_the_cluster()
    {
        await using var cluster = await TwoNodeCluster.StartAsync("--bpm", "24");

        var run = await CliRun.AgainstAsync(cluster.First, "down", cluster.SecondAddress);

        Assert.Equal(CliExitCodes.Ok, run.ExitCode);
        Assert.Equal($"{cluster.SecondAddress}: marked down; the cluster removes it without a hand-over", run.Out.Trim());
        await cluster.WaitUntilAsync(c => c.Members.All(m => m.Address != cluster.SecondAddress), "the second node removed");
    }
}
