using System.Collections;

namespace Backbeat.Node.Configuration;

/// <summary>Turns the <c>BACKBEAT_*</c> environment variables of SPEC §9 into configuration keys.</summary>
public static class EnvironmentMapper
{
    public static IReadOnlyDictionary<string, string?> Map(IReadOnlyDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in NodeSettings.All)
        {
            if (environment.TryGetValue(setting.EnvironmentVariable, out var value) && value is not null)
            {
                values[setting.ConfigurationKey] = value;
            }
        }

        return values;
    }

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            values[(string)entry.Key] = entry.Value as string;
        }

        return values;
    }
}
