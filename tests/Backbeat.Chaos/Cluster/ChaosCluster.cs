using System.Diagnostics;
using Backbeat.Chaos.Checking;
using Backbeat.Chaos.Network;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Cluster;

/// <summary>
/// The cluster under test: nats-server, one lighthouse and the backbeat nodes as OS processes on loopback, every
/// member's remoting behind a proxy the harness controls, an outside NATS subscriber and one stream reader per node
/// recording all the while.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public const string LighthouseName = "lighthouse";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly List<BeatStreamRecorder> _streams = [];
    private NatsRecorder? _natsRecorder;
    private LighthouseProcess? _lighthouse;

    private ChaosCluster(ChaosSettings settings, HistoryRecorder recorder, string workDirectory, string logDirectory)
    {
        Settings = settings;
        Recorder = recorder;
        WorkDirectory = workDirectory;
        LogDirectory = logDirectory;
        Nats = new NatsServer(logDirectory);
    }

    public ChaosSettings Settings { get; }

    public HistoryRecorder Recorder { get; }

    public string WorkDirectory { get; }

    public string LogDirectory { get; }

    public NatsServer Nats { get; }

    public ProxyNetwork Network { get; } = new();

    public IReadOnlyList<NodeProcess> Nodes { get; private set; } = [];

    public ClockShape Shape => ClockShape.Default with { Bar = Settings.Bar };

    public double NowMs => Recorder.Clock.NowMs;

    public static async Task<ChaosCluster> StartAsync(ChaosSettings settings, HistoryRecorder recorder, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("backbeat-chaos-").FullName;
        var logs = Path.Combine(settings.ArtifactsDirectory, "logs");
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }

        var cluster = new ChaosCluster(settings, recorder, work, logs);
        try
        {
            await cluster.StartMembersAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public NodeProcess Node(string nodeId) => Nodes.Single(n => n.NodeId == nodeId);

    /// <summary>
    /// The node hosting the leader: the one that says so of itself, confirmed by the emitter of the latest NATS frame.
    /// </summary>
    public async Task<NodeProcess> LeaderAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Settings.StartTimeout)
        {
            foreach (var node in Nodes.Where(n => n.IsRunning))
            {
                var answer = await node.LeaderAsync(cancellationToken);
                if (answer is { IsLeader: true } && LatestEmitter(NowMs - 1_000) == Suffix(node.NodeId))
                {
                    return node;
                }
            }

            await Task.Delay(Poll, cancellationToken);
        }

        throw new TimeoutException("no node both says it leads and emits on NATS");
    }

    /// <summary>Waits for NATS frames from an emitter other than <paramref name="formerNodeId"/>, received after <paramref name="sinceMs"/>.</summary>
    public async Task<bool> WaitForEmitterOtherThanAsync(string formerNodeId, double sinceMs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var former = Suffix(formerNodeId);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Recorder.NatsSince(sinceMs).Any(b => HistoryChecker.EmitterOf(b.Frame) != former))
            {
                return true;
            }

            await Task.Delay(Poll / 2, cancellationToken);
        }

        return false;
    }

    /// <summary>Waits for any NATS frame received after <paramref name="sinceMs"/>.</summary>
    public async Task<bool> WaitForNatsFramesAsync(double sinceMs, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Recorder.NatsSince(sinceMs).Count >= count)
            {
                return true;
            }

            await Task.Delay(Poll / 2, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// Waits until every node runs, is ready, sees every member Up and reachable, delivers frames locally, and NATS
    /// carries frames again. Returns what was still wrong at the timeout, or null once whole.
    /// </summary>
    public async Task<string?> WaitWholeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? wrong = "not checked yet";
        while (clock.Elapsed < timeout)
        {
            wrong = await WhatIsWrongAsync(cancellationToken);
            if (wrong is null)
            {
                return null;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return wrong;
    }

    /// <summary>Waits until <paramref name="observer"/> no longer counts <paramref name="nodeId"/> as a reachable Up member.</summary>
    public async Task<bool> WaitUntilCutOffAsync(NodeProcess observer, string nodeId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var address = Node(nodeId).Address.AkkaAddress;
        while (clock.Elapsed < timeout)
        {
            var view = await observer.ClusterAsync(cancellationToken);
            if (view is not null && !view.Members.Any(m => SameAddress(m.Address, address) && m.Status == "Up" && m.Reachability == "reachable"))
            {
                return true;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return false;
    }

    /// <summary>Starts a stopped node again with its own flags and data dir and waits for it to be ready.</summary>
    public async Task RestartAsync(NodeProcess node, CancellationToken cancellationToken)
    {
        if (!node.IsRunning)
        {
            node.Start();
        }

        await node.WaitReadyAsync(Settings.StartTimeout, cancellationToken);
    }

    /// <summary>Frames received on NATS or from a node's stream that were no readable BeatFrame.</summary>
    public int UnreadableFrames => (_natsRecorder?.Unreadable ?? 0) + _streams.Sum(s => s.Unreadable);

    public static string Suffix(string nodeId) => nodeId.Length <= 4 ? nodeId : nodeId[^4..];

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }

        if (_natsRecorder is not null)
        {
            await _natsRecorder.DisposeAsync();
        }

        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        _lighthouse?.Dispose();
        await Network.DisposeAsync();
        Nats.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A data dir still held open is left for the OS' temp cleaning.
        }
    }

    private async Task StartMembersAsync(CancellationToken cancellationToken)
    {
        await Nats.StartAsync(TimeSpan.FromSeconds(10), cancellationToken);

        var lighthouseAddress = MemberAddress.For(LighthouseName, 0);
        Network.Add(LighthouseName, lighthouseAddress.Advertised, lighthouseAddress.Bound);
        var nodes = new List<NodeProcess>();
        for (var i = 0; i < Settings.NodeIds.Count; i++)
        {
            var nodeId = Settings.NodeIds[i];
            var address = MemberAddress.For(nodeId, i + 1);
            var proxy = Network.Add(nodeId, address.Advertised, address.Bound);
            nodes.Add(new NodeProcess(nodeId, address, lighthouseAddress, Nats.Url, Path.Combine(WorkDirectory, nodeId), Settings.Outputs.NodeDll, Settings, LogDirectory, proxy));
        }

        Nodes = nodes;
        _natsRecorder = await NatsRecorder.StartAsync(Nats.Url, Settings.ClusterId, Recorder);

        _lighthouse = new LighthouseProcess(lighthouseAddress, Settings.Outputs.LighthouseDll, LogDirectory);
        await _lighthouse.StartAsync(Settings.StartTimeout, cancellationToken);

        // The first node starts alone so that it is the oldest and hosts the leader; the others join it.
        nodes[0].Start();
        await nodes[0].WaitReadyAsync(Settings.StartTimeout, cancellationToken);
        foreach (var node in nodes.Skip(1))
        {
            node.Start();
        }

        foreach (var node in nodes)
        {
            await node.WaitReadyAsync(Settings.StartTimeout, cancellationToken);
            _streams.Add(new BeatStreamRecorder(node.NodeId, node.AdminBase, Recorder));
        }

        if (await WaitWholeAsync(Settings.StartTimeout, cancellationToken) is { } wrong)
        {
            throw new TimeoutException($"the cluster did not come up whole: {wrong}");
        }
    }

    private async Task<string?> WhatIsWrongAsync(CancellationToken cancellationToken)
    {
        var now = NowMs;
        var members = Nodes.Count + 1;
        foreach (var node in Nodes)
        {
            if (!node.IsRunning)
            {
                return $"{node.NodeId} is not running";
            }

            if (!await node.IsReadyAsync(cancellationToken))
            {
                return $"{node.NodeId} is not ready";
            }

            var view = await node.ClusterAsync(cancellationToken);
            if (view is null || view.UpMembers != members || view.Members.Any(m => m.Reachability != "reachable"))
            {
                return $"{node.NodeId} sees {view?.UpMembers ?? 0} of {members} members up and reachable";
            }

            if (!Recorder.LocalSince(node.NodeId, now - 1_000).Any())
            {
                return $"{node.NodeId} delivered no frame in the last second";
            }
        }

        return Recorder.NatsSince(now - 1_000).Count == 0 ? "no frame on NATS in the last second" : null;
    }

    private string? LatestEmitter(double sinceMs) =>
        Recorder.NatsSince(sinceMs).LastOrDefault() is { } latest ? HistoryChecker.EmitterOf(latest.Frame) : null;

    private static bool SameAddress(string member, string akkaAddress) =>
        member.TrimEnd('/').Equals(akkaAddress, StringComparison.OrdinalIgnoreCase);
}
