using Microsoft.Extensions.Logging;

namespace Backbeat.Pulse;

/// <summary>
/// Keeps the timeline under <c>--data-dir</c> so it survives a full stop of every node.
/// </summary>
/// <remarks>
/// A plain file written atomically (temp file, flush to disk, rename) rather than a DistributedData durable
/// store: the state is one small document that changes only on tempo changes, the LMDB-backed durable store
/// needs a native library on every host, and operators can read and back up a JSON file with ordinary tools.
/// </remarks>
public sealed class TimelineFile
{
    public const string FileName = "timeline.json";

    private readonly ILogger _logger;

    public TimelineFile(string? dataDirectory, ILogger logger)
    {
        _logger = logger;
        Path = string.IsNullOrWhiteSpace(dataDirectory) ? null : System.IO.Path.Combine(dataDirectory, FileName);
    }

    /// <summary>The file's full path, or null when no data directory is configured.</summary>
    public string? Path { get; }

    /// <summary>The stored document, or null when there is none or it cannot be read (the reason is logged).</summary>
    public TimelineDocument? TryLoad()
    {
        if (Path is null || !File.Exists(Path))
        {
            return null;
        }

        try
        {
            return TimelineDocument.Parse(File.ReadAllText(Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or ArgumentException)
        {
            _logger.LogError(e, "Ignoring unreadable timeline file {Path}", Path);
            return null;
        }
    }

    /// <summary>Writes <paramref name="document"/> atomically; false (and logged) when the disk refuses.</summary>
    public bool TrySave(TimelineDocument document)
    {
        if (Path is null)
        {
            return false;
        }

        var temporary = Path + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(document.ToJson()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(e, "Could not store timeline revision {Revision} in {Path}", document.Revision, Path);
            return false;
        }
    }
}
