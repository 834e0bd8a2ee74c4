using System.Globalization;

namespace Backbeat.Lighthouse;

/// <summary>
/// Reads a lighthouse's settings: flags (<c>--port 4053</c>, <c>-port 4053</c>, <c>--port=4053</c>) over
/// <c>LIGHTHOUSE_*</c> environment variables over defaults. Errors name the setting.
/// </summary>
public static class LighthouseCommandLine
{
    private static readonly string[] Flags = ["host", "public-host", "port", "seeds", "health-port"];

    /// <summary>Every flag the lighthouse takes, without dashes (the deployment tests hold compose files against it).</summary>
    public static IReadOnlyList<string> KnownFlags => Flags;

    /// <summary>The environment variable that sets a flag: <c>health-port</c> → <c>LIGHTHOUSE_HEALTH_PORT</c>.</summary>
    public static string EnvironmentVariableOf(string flag) => "LIGHTHOUSE_" + flag.Replace('-', '_').ToUpperInvariant();

    public static LighthouseOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment, out List<string> errors)
    {
        errors = [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in Flags)
        {
            var fromEnvironment = environment(EnvironmentVariableOf(flag));
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                values[flag] = fromEnvironment;
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                errors.Add($"unexpected argument '{arg}'");
                continue;
            }

            var name = arg.TrimStart('-');
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (!Flags.Contains(name))
            {
                errors.Add($"--{name}: unknown flag (known: {string.Join(", ", Flags.Select(f => "--" + f))})");
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    errors.Add($"--{name}: needs a value");
                    continue;
                }

                value = args[++i];
            }

            values[name] = value;
        }

        var options = new LighthouseOptions();
        if (values.TryGetValue("host", out var host))
        {
            options.Host = host;
        }

        if (values.TryGetValue("public-host", out var publicHost))
        {
            options.PublicHost = publicHost;
        }

        options.Port = ParsePort("port", values, options.Port, errors);
        options.HealthPort = ParsePort("health-port", values, options.HealthPort, errors);
        if (values.TryGetValue("seeds", out var seeds))
        {
            options.Seeds = seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        errors.AddRange(options.Check());
        return options;
    }

    private static int ParsePort(string flag, Dictionary<string, string> values, int fallback, List<string> errors)
    {
        if (!values.TryGetValue(flag, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return port;
        }

        errors.Add($"--{flag}: '{text}' is not a port number");
        return fallback;
    }
}
