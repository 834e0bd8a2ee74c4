using Backbeat.Admin;
using Microsoft.AspNetCore.Builder;

namespace Backbeat.Node.Hosting;

/// <summary>Everything a node starts from: its flags, its environment, and the pulse it runs.</summary>
public sealed record NodeLaunch(IReadOnlyList<string> Args, IReadOnlyDictionary<string, string?> Environment, PulseInstallation Pulse)
{
    public AdminActorSettings AdminSettings { get; init; } = AdminActorSettings.Default;

    /// <summary>Where appsettings.json is looked for; the working directory when null.</summary>
    public string? ContentRoot { get; init; }

    /// <summary>A last say over the host before it is built (tests add middleware or services here).</summary>
    public Action<WebApplicationBuilder>? Customize { get; init; }
}
