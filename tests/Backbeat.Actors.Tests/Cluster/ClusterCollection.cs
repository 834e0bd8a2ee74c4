namespace Backbeat.Tests.Cluster;

/// <summary>
/// Tests that run whole ActorSystems with real timers share one collection, so xunit runs them one after
/// another: on a 2-core machine, parallel clusters starve each other's failure detectors and timers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
