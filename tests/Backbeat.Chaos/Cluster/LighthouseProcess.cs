using System.Diagnostics;

namespace Backbeat.Chaos.Cluster;

/// <summary>The seed node, run from its build output, behind its own remoting proxy like every member.</summary>
public sealed class LighthouseProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly ChildProcess _process;

    public LighthouseProcess(MemberAddress address, string dll, string logDirectory)
    {
        Address = address;
        HealthPort = FreePorts.On(address.BindHost);
        _process = new ChildProcess("lighthouse", "dotnet",
        [
            dll,
            "--host", address.BindHost.ToString(),
            "--public-host", address.PublicHost.ToString(),
            "--port", address.Port.ToString(),
            "--health-port", HealthPort.ToString(),
        ], logDirectory);
    }

    public MemberAddress Address { get; }

    public int HealthPort { get; }

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process.Start();
        var clock = Stopwatch.StartNew();
        var health = new Uri($"http://{Address.BindHost}:{HealthPort}/health");
        while (clock.Elapsed < timeout)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException("the lighthouse exited at start; see its log");
            }

            try
            {
                using var response = await Http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"the lighthouse was not healthy within {timeout}");
    }

    public void Dispose() => _process.Dispose();
}
