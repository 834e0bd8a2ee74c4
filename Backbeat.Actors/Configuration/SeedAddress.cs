using System.Diagnostics.CodeAnalysis;

namespace Backbeat.Configuration;

/// <summary>A seed node address, <c>akka.tcp://backbeat@host:port</c>, checked before Akka sees it.</summary>
public static class SeedAddress
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a seed address must not be empty";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp")
        {
            error = $"'{text}' is not a seed address (expected akka.tcp://{BackbeatOptions.ActorSystemName}@host:port)";
            return false;
        }

        if (uri.UserInfo != BackbeatOptions.ActorSystemName)
        {
            error = $"'{text}' names actor system '{uri.UserInfo}', but every Backbeat node runs '{BackbeatOptions.ActorSystemName}'";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host) || uri.IsDefaultPort || uri.Port is <= 0 or > 65535)
        {
            error = $"'{text}' needs a host and a port (akka.tcp://{BackbeatOptions.ActorSystemName}@host:port)";
            return false;
        }

        address = uri;
        error = null;
        return true;
    }
}
