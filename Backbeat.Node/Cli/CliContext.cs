namespace Backbeat.Node.Cli;

/// <summary>What every verb runs with: where the node is, how to authenticate, where to write.</summary>
public sealed record CliContext(Uri Admin, string? Token, TextWriter Out, TextWriter Error)
{
    /// <summary>How long a verb waits for the node before it says the node does not answer.</summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(10);

    public AdminClient CreateClient() => new(Admin, Token, RequestTimeout);
}
