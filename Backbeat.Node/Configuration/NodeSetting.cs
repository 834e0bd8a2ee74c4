namespace Backbeat.Node.Configuration;

/// <summary>One setting of SPEC §9: its flag, its environment variable and its configuration key.</summary>
/// <param name="Flag">The flag without dashes, as the original named it (<c>bpm</c>, <c>min-bpm</c>).</param>
/// <param name="EnvironmentVariable">The environment variable that sets it (<c>BACKBEAT_BPM</c>).</param>
/// <param name="ConfigurationKey">Its key in configuration (<c>Backbeat:Bpm</c>), which appsettings.json also uses.</param>
public sealed record NodeSetting(string Flag, string EnvironmentVariable, string ConfigurationKey)
{
    public string FlagText => "--" + Flag;
}
