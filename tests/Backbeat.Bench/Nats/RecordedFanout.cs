using Backbeat.Bench.Fanout;

namespace Backbeat.Bench.Nats;

/// <param name="Stamps">Every subscription's receive time of every frame of the window.</param>
/// <param name="SubscriberGc">
/// Collections in the subscribers' own process during the window; null when they ran in the bench process (whose
/// collections the scenario records anyway).
/// </param>
internal sealed record RecordedFanout(FanoutCollector Stamps, GcDuring? SubscriberGc);
