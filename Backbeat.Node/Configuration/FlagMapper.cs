namespace Backbeat.Node.Configuration;

/// <summary>
/// Turns command-line flags into configuration keys. Accepts <c>--bpm 12</c>, <c>--bpm=12</c> and the
/// original's single-dash <c>-bpm 12</c>; the last occurrence of a flag wins.
/// </summary>
public static class FlagMapper
{
    public static FlagMapping Map(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-help" or "-h" or "-?")
            {
                return FlagMapping.HelpRequested();
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                return FlagMapping.Fail($"unexpected argument '{arg}' (settings are given as --name value)");
            }

            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            var setting = NodeSettings.ByFlag(name);
            if (setting is null)
            {
                return FlagMapping.Fail($"unknown flag '{arg}' (see --help)");
            }

            if (value is null)
            {
                // A following flag is not a value, but a negative number is (--bpm -5 is then refused by validation).
                if (i + 1 >= args.Count || IsFlag(args[i + 1]))
                {
                    return FlagMapping.Fail($"{setting.FlagText}: needs a value");
                }

                value = args[++i];
            }

            values[setting.ConfigurationKey] = value;
        }

        return FlagMapping.Success(values);
    }

    private static bool IsFlag(string token)
    {
        if (token.Length < 2 || token[0] != '-')
        {
            return false;
        }

        var name = token.TrimStart('-');
        var equals = name.IndexOf('=');
        return NodeSettings.ByFlag(equals >= 0 ? name[..equals] : name) is not null;
    }

    public static string Usage { get; } =
        "usage: Backbeat.Node [--name value]...\n" +
        string.Join('\n', NodeSettings.All.Select(s => $"  {s.FlagText,-14} env {s.EnvironmentVariable,-22} appsettings {s.ConfigurationKey}")) +
        "\n\nor, to inspect and steer a running node: Backbeat.Node <verb> [--admin http://host:8080] (see Backbeat.Node <verb> --help)\n" +
        "  verbs: members, leader, tempo, tempo set, drift, tail, leave, down";
}
