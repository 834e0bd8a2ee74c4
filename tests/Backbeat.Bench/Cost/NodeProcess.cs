using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Backbeat.Bench.Cost;

/// <summary>
/// The real Backbeat.Node (this checkout's build output, <c>dotnet Backbeat.Node.dll</c> with flags) as a child
/// process: a one-node cluster on loopback ports, no NATS, its timeline in a temporary directory. Killed and its
/// directory removed on dispose.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly HttpClient _admin;

    private NodeProcess(Process process, string dataDir, int adminPort)
    {
        _process = process;
        _dataDir = dataDir;
        _admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static NodeProcess Start(decimal bpm)
    {
        var dll = LocateNodeDll();
        var dataDir = Directory.CreateTempSubdirectory("backbeat-bench-node-").FullName;
        var adminPort = LoopbackPort.Free();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "--cluster", "bench-cost", "--bpm", bpm.ToString(CultureInfo.InvariantCulture),
                     "--min-bpm", "1", "--max-bpm", "20000", "--host", "127.0.0.1",
                     "--port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                     "--admin-port", adminPort.ToString(CultureInfo.InvariantCulture),
                     "--data-dir", dataDir, "--log-level", "warning",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the node process did not start");

        // Drained so that a chatty node never blocks on a full pipe; what it says is not part of the measurement.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(process, dataDir, adminPort);
    }

    /// <summary>Waits until the node's follower has received a leader frame (GET /drift shows a last_sync_time).</summary>
    public async Task<bool> WaitEmittingAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                var drift = await _admin.GetFromJsonAsync<DriftAnswer>("drift", cancellation);
                if (drift?.LastSyncTime is not null)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }

        return false;
    }

    public void Dispose()
    {
        _admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is harmless.
        }
    }

    /// <summary>Backbeat.Node.dll of this checkout, in the configuration the bench was built in (it builds the node).</summary>
    private static string LocateNodeDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? "Release";
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Backbeat.sln")))
            {
                var dll = Path.Combine(directory.FullName, "Backbeat.Node", "bin", configuration, framework, "Backbeat.Node.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is not built: the bench's build builds it");
            }
        }

        throw new InvalidOperationException($"no Backbeat.sln above {AppContext.BaseDirectory}");
    }

    private sealed record DriftAnswer([property: JsonPropertyName("last_sync_time")] string? LastSyncTime);
}
