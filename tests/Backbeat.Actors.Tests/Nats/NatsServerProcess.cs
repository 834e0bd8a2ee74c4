using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Backbeat.Tests.Nats;

/// <summary>
/// A real nats-server on a free loopback port, owned by one test: started, killed and restarted on the same port,
/// stopped on dispose. Its monitoring endpoint (also loopback) tells which clients are connected.
/// </summary>
public sealed class NatsServerProcess : IDisposable
{
    public const string ServerPath = "/usr/sbin/nats-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly HttpClient Monitor = new() { Timeout = TimeSpan.FromSeconds(5) };

    private Process? _process;

    private NatsServerProcess(int port, int monitorPort)
    {
        Port = port;
        MonitorPort = monitorPort;
    }

    public int Port { get; }

    public int MonitorPort { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A server already accepting clients.</summary>
    public static NatsServerProcess Start()
    {
        var server = Reserve();
        server.Restart();
        return server;
    }

    /// <summary>Ports chosen, server not started yet: for "no broker at start".</summary>
    public static NatsServerProcess Reserve() => new(FreePort(), FreePort());

    /// <summary>Starts the server (again) on the same port and returns once it accepts clients.</summary>
    public void Restart()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"nats-server is already running on port {Port}");
        }

        _process?.Dispose();
        var startInfo = new ProcessStartInfo(ServerPath)
        {
            ArgumentList = { "-a", "127.0.0.1", "-p", Port.ToString(), "-m", MonitorPort.ToString() },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {ServerPath}");
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        WaitUntilAccepting();
    }

    /// <summary>Kills the server at once (SIGKILL): clients see their connection drop, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The names of the clients connected now, from the monitoring endpoint.</summary>
    public async Task<IReadOnlyList<string>> ConnectionNamesAsync()
    {
        var json = await Monitor.GetStringAsync($"http://127.0.0.1:{MonitorPort}/connz");
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("connections", out var connections) || connections.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return connections.EnumerateArray()
            .Select(c => c.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty)
            .ToList();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _process = null;
    }

    private void WaitUntilAccepting()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"nats-server on port {Port} exited with code {_process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var monitor = new TcpClient();
                monitor.Connect(IPAddress.Loopback, MonitorPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new TimeoutException($"nats-server on port {Port} did not accept connections within {StartTimeout}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
