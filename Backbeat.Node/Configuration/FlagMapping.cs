namespace Backbeat.Node.Configuration;

/// <summary>The outcome of <see cref="FlagMapper.Map"/>: configuration values, a help request, or one error line.</summary>
public sealed record FlagMapping(IReadOnlyDictionary<string, string?> Values, bool Help, string? Error)
{
    public static FlagMapping Success(IReadOnlyDictionary<string, string?> values) => new(values, false, null);

    public static FlagMapping Fail(string error) => new(new Dictionary<string, string?>(), false, error);

    public static FlagMapping HelpRequested() => new(new Dictionary<string, string?>(), true, null);
}
