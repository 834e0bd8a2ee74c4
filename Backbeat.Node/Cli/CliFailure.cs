namespace Backbeat.Node.Cli;

/// <summary>A verb could not do its work; <see cref="Exception.Message"/> is the one line the operator reads.</summary>
public sealed class CliFailure(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The exit codes of the CLI verbs.</summary>
public static class CliExitCodes
{
    public const int Ok = 0;

    /// <summary>The node answered with an error (a problem document), or the command line was wrong.</summary>
    public const int Refused = 1;

    /// <summary>The command line could not be used (a bad option value).</summary>
    public const int Usage = 2;

    /// <summary>The node (or the NATS server) could not be reached at all, or did not answer in time.</summary>
    public const int Unreachable = 3;
}
