using Backbeat.Pulse;

namespace Backbeat.Tests.Pulse;

public sealed class MajorityRuleTests
{
    private static bool Keeps(string[] members, params string[] unreachable) =>
        MajorityRule.KeepsMajority(members, unreachable.ToHashSet(), StringComparer.Ordinal);

    [Fact]
    public void A_node_that_reaches_everyone_keeps_the_majority() => Assert.True(Keeps(["a", "b", "c"]));

    [Fact]
    public void Two_of_three_keep_the_majority() => Assert.True(Keeps(["a", "b", "c"], "a"));

    [Fact]
    public void One_of_three_loses_it() => Assert.False(Keeps(["a", "b", "c"], "b", "c"));

    [Fact]
    public void An_even_split_is_won_by_the_side_with_the_lowest_address() => Assert.True(Keeps(["a", "b", "c", "d"], "c", "d"));

    [Fact]
    public void An_even_split_is_lost_by_the_side_without_the_lowest_address() => Assert.False(Keeps(["a", "b", "c", "d"], "a", "b"));

    [Fact]
    public void A_lone_node_keeps_its_own_cluster() => Assert.True(Keeps(["a"]));

    [Fact]
    public void An_empty_view_does_not_fence() => Assert.True(Keeps([]));

    [Fact]
    public void Unreachable_addresses_that_are_not_members_are_ignored() => Assert.True(Keeps(["a", "b", "c"], "x", "y", "z"));
}
