using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Backbeat.Bench.Nats;

/// <summary>A nats-server of the bench's own on a free loopback port; killed on dispose.</summary>
internal sealed class NatsServer : IDisposable
{
    public const string ServerPath = "/usr/sbin/nats-server";

    private readonly Process _process;

    private NatsServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static bool IsInstalled => File.Exists(ServerPath);

    public static async Task<NatsServer> StartAsync(CancellationToken cancellation)
    {
        var port = LoopbackPort.Free();
        var info = new ProcessStartInfo(ServerPath)
        {
            ArgumentList = { "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {ServerPath}");
        process.ErrorDataReceived += static (_, _) => { };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new NatsServer(process, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server on port {port} exited with code {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
                return server;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, cancellation);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
