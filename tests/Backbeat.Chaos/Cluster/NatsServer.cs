using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Backbeat.Chaos.Cluster;

/// <summary>nats-server on a free loopback port; killed and restarted on the same port for the broker scenario.</summary>
public sealed class NatsServer : IDisposable
{
    public const string DefaultPath = "/usr/sbin/nats-server";

    private readonly ChildProcess _process;

    public NatsServer(string logDirectory)
    {
        Port = FreePorts.On(IPAddress.Loopback);
        var path = File.Exists(DefaultPath) ? DefaultPath : "nats-server";
        _process = new ChildProcess("nats-server", path, ["-a", "127.0.0.1", "-p", Port.ToString()], logDirectory);
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public bool IsRunning => _process.IsRunning;

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process.Start();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException($"nats-server on port {Port} exited at start; see its log");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        throw new TimeoutException($"nats-server on port {Port} did not accept clients within {timeout}");
    }

    public void Kill9() => _process.Kill9();

    public void Dispose() => _process.Dispose();
}
