using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Backbeat.Node.Configuration;

/// <summary>The <c>BACKBEAT_LOG_LEVEL</c> / <c>--log-level</c> setting, for both ILogger and Akka's logging.</summary>
public static class LogLevelSetting
{
    public static bool TryRead(IConfiguration configuration, out LogLevel level, out string? error)
    {
        var text = configuration[NodeSettings.LogLevelKey]?.Trim();
        error = null;
        level = LogLevel.Information;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        LogLevel? parsed = text.ToLowerInvariant() switch
        {
            "trace" or "verbose" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "information" or "info" => LogLevel.Information,
            "warning" or "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            "critical" or "fatal" => LogLevel.Critical,
            "none" or "off" => LogLevel.None,
            _ => null,
        };
        if (parsed is null)
        {
            error = $"--log-level: '{text}' is not a log level (trace, debug, information, warning, error, critical, none)";
            return false;
        }

        level = parsed.Value;
        return true;
    }

    public static Akka.Event.LogLevel ToAkka(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };
}
