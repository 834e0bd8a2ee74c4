namespace Backbeat.Chaos.Network;

/// <summary>An unordered pair of cluster members: traffic between them flows in both directions over any connection.</summary>
public readonly record struct Link
{
    public Link(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            throw new ArgumentException($"a link joins two different members, not {a} with itself");
        }

        (A, B) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
    }

    public string A { get; }

    public string B { get; }

    public override string ToString() => $"{A}<->{B}";
}
