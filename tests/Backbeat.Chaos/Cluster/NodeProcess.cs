using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Backbeat.Chaos.Network;
using Backbeat.Node.Api;

namespace Backbeat.Chaos.Cluster;

/// <summary>
/// One Backbeat.Node process, run from its build output with fixed flags and its own data dir, so a restart after a
/// kill is the same node coming back. Its admin API (on its bind address) is how the harness asks about it.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private readonly ChildProcess _process;
    private readonly RemotingProxy _proxy;

    /// <param name="proxy">The proxy peers dial for this node: its port is open exactly while the process runs.</param>
    public NodeProcess(string nodeId, MemberAddress address, MemberAddress seed, string natsUrl, string dataDirectory, string dll, ChaosSettings settings, string logDirectory, RemotingProxy proxy)
    {
        _proxy = proxy;
        NodeId = nodeId;
        Address = address;
        AdminPort = FreePorts.On(address.BindHost);
        Directory.CreateDirectory(dataDirectory);
        _process = new ChildProcess(nodeId, "dotnet",
        [
            dll,
            "--cluster", settings.ClusterId,
            "--node-id", nodeId,
            "--host", address.BindHost.ToString(),
            "--public-host", address.PublicHost.ToString(),
            "--port", address.Port.ToString(),
            "--admin-port", AdminPort.ToString(),
            "--seeds", seed.AkkaAddress,
            "--nats", natsUrl,
            "--bpm", settings.Bpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--min-bpm", settings.MinBpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-bpm", settings.MaxBpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bar", settings.Bar.ToString(),
            "--data-dir", dataDirectory,
        ], logDirectory);
        AdminBase = new Uri($"http://{address.BindHost}:{AdminPort}/");
    }

    public string NodeId { get; }

    public MemberAddress Address { get; }

    public int AdminPort { get; }

    public Uri AdminBase { get; }

    public bool IsRunning => _process.IsRunning;

    public void Start()
    {
        _proxy.OpenListening();
        _process.Start();
    }

    public void Kill9()
    {
        // The port first: the kernel closes a killed process's listener and connections together, and a peer that
        // sees its connection reset must not find the proxy still accepting for a moment.
        _proxy.CloseListening();
        _process.Kill9();
    }

    /// <summary>
    /// SIGSTOP. The proxy keeps its port open: a frozen process keeps its listener (the kernel still accepts on its
    /// behalf), so peers see a silent node, not a crashed one.
    /// </summary>
    public void Pause() => _process.Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => _process.Resume();

    /// <summary>SIGTERM and wait for the orderly exit; false when it had to be killed after <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var orderly = await _process.TerminateAsync(timeout, cancellationToken);
        _proxy.CloseListening();
        return orderly;
    }

    /// <summary>Waits until <c>/ready</c> answers 200: an Up member that reaches a leader.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException($"{NodeId} exited while starting; see its log");
            }

            if (await IsReadyAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{NodeId} was not ready within {timeout}");
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(AdminBase, "/ready"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary><c>GET /leader</c>, or null when the node does not answer.</summary>
    public Task<LeaderResponse?> LeaderAsync(CancellationToken cancellationToken) =>
        GetOrNullAsync("/leader", AdminJsonContext.Default.LeaderResponse, cancellationToken);

    /// <summary><c>GET /cluster</c>, or null when the node does not answer.</summary>
    public Task<ClusterResponse?> ClusterAsync(CancellationToken cancellationToken) =>
        GetOrNullAsync("/cluster", AdminJsonContext.Default.ClusterResponse, cancellationToken);

    /// <summary><c>POST /tempo</c>; the 202 answer, or an exception carrying the status and body.</summary>
    public async Task<TempoScheduledResponse> ChangeTempoAsync(decimal tempoBpm, string justification, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new { tempo_bpm = tempoBpm, justification });
        using var response = await Http.PostAsync(new Uri(AdminBase, "/tempo"), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"POST /tempo {tempoBpm} on {NodeId}: {(int)response.StatusCode} {body}");
        }

        return await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.TempoScheduledResponse, cancellationToken)
            ?? throw new InvalidOperationException($"POST /tempo on {NodeId}: empty 202 answer");
    }

    public void Dispose() => _process.Dispose();

    private async Task<T?> GetOrNullAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(AdminBase, path), cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync(type, cancellationToken) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
