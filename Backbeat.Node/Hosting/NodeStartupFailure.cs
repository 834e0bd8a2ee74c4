namespace Backbeat.Node.Hosting;

/// <summary>Why a node did not start: the exit code and the one line to print.</summary>
/// <param name="ToStandardOutput">True for <c>--help</c>, which is not an error.</param>
public sealed record NodeStartupFailure(int ExitCode, string Message, bool ToStandardOutput = false)
{
    public const int ConfigurationError = 2;
}
