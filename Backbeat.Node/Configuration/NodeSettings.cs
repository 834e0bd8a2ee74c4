namespace Backbeat.Node.Configuration;

/// <summary>The table of every setting a node takes; flags and environment variables are mapped through it.</summary>
public static class NodeSettings
{
    public const string LogLevelKey = "Backbeat:LogLevel";

    public static IReadOnlyList<NodeSetting> All { get; } =
    [
        // SPEC §9 names the cluster's variable BACKBEAT_CLUSTER_ID, not BACKBEAT_CLUSTER.
        new("cluster", "BACKBEAT_CLUSTER_ID", "Backbeat:ClusterId"),
        new("node-id", "BACKBEAT_NODE_ID", "Backbeat:NodeId"),
        new("bpm", "BACKBEAT_BPM", "Backbeat:Bpm"),
        new("bar", "BACKBEAT_BAR", "Backbeat:Bar"),
        new("phases", "BACKBEAT_PHASES", "Backbeat:Phases"),
        new("min-bpm", "BACKBEAT_MIN_BPM", "Backbeat:MinBpm"),
        new("max-bpm", "BACKBEAT_MAX_BPM", "Backbeat:MaxBpm"),
        new("nats", "BACKBEAT_NATS", "Backbeat:Nats"),
        new("admin-port", "BACKBEAT_ADMIN_PORT", "Backbeat:AdminPort"),
        new("host", "BACKBEAT_HOST", "Backbeat:Host"),
        new("public-host", "BACKBEAT_PUBLIC_HOST", "Backbeat:PublicHost"),
        new("port", "BACKBEAT_PORT", "Backbeat:Port"),
        new("seeds", "BACKBEAT_SEEDS", "Backbeat:Seeds"),
        new("data-dir", "BACKBEAT_DATA_DIR", "Backbeat:DataDir"),
        new("admin-token", "BACKBEAT_ADMIN_TOKEN", "Backbeat:AdminToken"),
        new("log-level", "BACKBEAT_LOG_LEVEL", LogLevelKey),
    ];

    public static NodeSetting? ByFlag(string flag) =>
        All.FirstOrDefault(s => string.Equals(s.Flag, flag, StringComparison.OrdinalIgnoreCase));

    public static NodeSetting ByKey(string configurationKey) =>
        All.First(s => string.Equals(s.ConfigurationKey, configurationKey, StringComparison.OrdinalIgnoreCase));
}
