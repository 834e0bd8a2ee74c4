using System.Globalization;
using Backbeat.Configuration;
using Microsoft.Extensions.Configuration;

namespace Backbeat.Node.Configuration;

/// <summary>
/// Reads <see cref="BackbeatOptions"/> from configuration with invariant-culture parsing, so that a value
/// that is not even of the right type (<c>--bpm abc</c>) gets an error naming its flag instead of the
/// configuration binder's exception. Range and consistency checks are <see cref="BackbeatOptionsValidator"/>'s.
/// </summary>
public static class BackbeatOptionsBinder
{
    /// <summary>Fills <paramref name="options"/>; throws <see cref="FormatException"/> naming the setting for a value of the wrong type.</summary>
    public static void Bind(IConfiguration configuration, BackbeatOptions options)
    {
        var section = configuration.GetSection(BackbeatOptions.SectionName);
        options.ClusterId = Text(section, "ClusterId") ?? options.ClusterId;
        options.NodeId = Text(section, "NodeId") ?? options.NodeId;
        options.Bpm = Number(section, "Bpm") ?? options.Bpm;
        options.Bar = Integer(section, "Bar") ?? options.Bar;
        options.Phases = List(section, "Phases") ?? options.Phases;
        options.MinBpm = Number(section, "MinBpm") ?? options.MinBpm;
        options.MaxBpm = Number(section, "MaxBpm") ?? options.MaxBpm;
        options.Nats = Text(section, "Nats") ?? options.Nats;
        options.AdminPort = Integer(section, "AdminPort") ?? options.AdminPort;
        options.Host = Text(section, "Host") ?? options.Host;
        options.PublicHost = Text(section, "PublicHost") ?? options.PublicHost;
        options.Port = Integer(section, "Port") ?? options.Port;
        options.Seeds = List(section, "Seeds")?.Where(s => s.Length > 0).ToList() ?? options.Seeds;
        options.DataDir = Text(section, "DataDir") ?? options.DataDir;
        options.AdminToken = Text(section, "AdminToken") ?? options.AdminToken;
    }

    /// <summary>Binds and validates; the first problem comes back as one line naming the setting.</summary>
    public static bool TryBind(IConfiguration configuration, out BackbeatOptions options, out string? error)
    {
        options = new BackbeatOptions();
        try
        {
            Bind(configuration, options);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }

        var failures = BackbeatOptionsValidator.Check(options).ToList();
        error = failures.Count switch
        {
            0 => null,
            1 => failures[0],
            _ => $"{failures[0]} (and {failures.Count - 1} more)",
        };
        return error is null;
    }

    private static string Flag(string key) => NodeSettings.ByKey($"{BackbeatOptions.SectionName}:{key}").FlagText;

    private static string? Text(IConfigurationSection section, string key) => section[key];

    private static decimal? Number(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new FormatException($"{Flag(key)}: '{text}' is not a number");
    }

    private static int? Integer(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new FormatException($"{Flag(key)}: '{text}' is not a whole number");
    }

    /// <summary>A comma-separated string (flags, environment) or an array (appsettings.json). Empty items are kept so validation can name them.</summary>
    private static List<string>? List(IConfigurationSection section, string key)
    {
        var child = section.GetSection(key);
        if (child.Value is { } text)
        {
            return text.Split(',', StringSplitOptions.TrimEntries).ToList();
        }

        var items = child.GetChildren().Select(c => (c.Value ?? string.Empty).Trim()).ToList();
        return items.Count == 0 ? null : items;
    }
}
