using Backbeat.Chaos.Cluster;
using Backbeat.Chaos.Recording;

namespace Backbeat.Chaos.Scenarios;

/// <summary>One kind of fault, injected and healed once per run; the record says what the checker should judge.</summary>
public interface IChaosScenario
{
    string Name { get; }

    Task<FaultRecord> RunAsync(ChaosCluster cluster, int run, CancellationToken cancellationToken);
}
