namespace Backbeat.Pulse;

/// <summary>
/// The split-brain resolver's keep-majority rule, as one node can evaluate it from its own view: its side
/// survives if it reaches more than half of the members, or exactly half including the member with the lowest
/// address. A leader that finds itself on the losing side stops emitting at once, without waiting to be downed,
/// so the partition's two sides never emit the same frame.
/// </summary>
public static class MajorityRule
{
    public static bool KeepsMajority<TAddress>(IReadOnlyCollection<TAddress> members, IReadOnlySet<TAddress> unreachable, IComparer<TAddress> order)
    {
        if (members.Count == 0)
        {
            return true;
        }

        var reachable = members.Count(m => !unreachable.Contains(m));
        if (reachable * 2 != members.Count)
        {
            return reachable * 2 > members.Count;
        }

        var lowest = members.Min(order)!;
        return !unreachable.Contains(lowest);
    }
}
