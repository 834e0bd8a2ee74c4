using System.Diagnostics.Metrics;

namespace Backbeat.Metrics;

/// <summary>
/// The instruments of SPEC §8, named so the OpenTelemetry Prometheus exporter prints exactly the SPEC names.
/// One instance per host (registered in DI); actors record through it.
/// </summary>
public sealed class BackbeatMetrics : IDisposable
{
    public const string MeterName = "Backbeat";

    /// <summary>Not in SPEC §8: a host that keeps freezing its leader (GC, CPU starvation, VM pauses) shows here first.</summary>
    public const string LeaderStallsName = "backbeat_leader_stalls";

    private readonly Meter _meter;
    private int _isLeader;
    private int _degradation;
    private double _timerDriftRatio;

    public BackbeatMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        PublishDuration = _meter.CreateHistogram("backbeat_beat_publish_duration", "s", "Time to hand one BeatFrame to NATS", advice: SecondsBuckets);
        DeliveryLatency = _meter.CreateHistogram("backbeat_beat_delivery_latency", "s", "From a frame's instant to its delivery to local subscribers", advice: SecondsBuckets);
        PulseJitter = _meter.CreateHistogram("backbeat_pulse_jitter", "s", "Lateness of the emitter against the timeline instant", advice: SecondsBuckets);
        BeatsTotal = _meter.CreateCounter<long>("backbeat_beats", null, "BeatFrames emitted by the leader on this node");
        TempoChangeErrors = _meter.CreateCounter<long>("backbeat_tempo_change_errors", null, "Tempo change requests refused or not stored");
        LeadershipChanges = _meter.CreateCounter<long>("backbeat_leadership_changes", null, "Times this node became or stopped being the leader");
        NatsDroppedFrames = _meter.CreateCounter<long>("backbeat_nats_dropped_frames", null, "Frames dropped because the NATS publish queue was full");
        NatsPublishErrors = _meter.CreateCounter<long>("backbeat_nats_publish_errors", null, "Failed or refused NATS publishes");
        LeaderStalls = _meter.CreateCounter<long>(
            LeaderStallsName, null, "Times the leader could not run for longer than the acceptable heartbeat pause and held its frames until a majority answered");
        _meter.CreateObservableGauge("backbeat_is_leader", () => Volatile.Read(ref _isLeader), null, "1 while this node hosts the leader");
        _meter.CreateObservableGauge("backbeat_degradation_mode", () => Volatile.Read(ref _degradation), null, "1 while this node keeps the beat locally");
        _meter.CreateObservableGauge("backbeat_timer_drift_ratio", () => Volatile.Read(ref _timerDriftRatio), null, "Rate at which this node's frames accumulate lateness against the timeline (seconds per second)");
    }

    /// <summary>
    /// Bucket bounds for latencies in seconds, from 50 µs to 5 s: the exporter's defaults are sized for
    /// milliseconds and would put every beat latency in the first bucket.
    /// </summary>
    private static InstrumentAdvice<double> SecondsBuckets { get; } = new()
    {
        HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    };

    public Histogram<double> PublishDuration { get; }

    public Histogram<double> DeliveryLatency { get; }

    public Histogram<double> PulseJitter { get; }

    public Counter<long> BeatsTotal { get; }

    public Counter<long> TempoChangeErrors { get; }

    public Counter<long> LeadershipChanges { get; }

    public Counter<long> NatsDroppedFrames { get; }

    public Counter<long> NatsPublishErrors { get; }

    public Counter<long> LeaderStalls { get; }

    public void SetLeader(bool isLeader) => Volatile.Write(ref _isLeader, isLeader ? 1 : 0);

    public void SetDegradation(bool degraded) => Volatile.Write(ref _degradation, degraded ? 1 : 0);

    public void SetTimerDriftRatio(double ratio) => Volatile.Write(ref _timerDriftRatio, ratio);

    /// <summary>Registers an observable gauge owned by another component (e.g. the NATS breaker state).</summary>
    public ObservableGauge<int> CreateGauge(string name, Func<int> observe, string description) =>
        _meter.CreateObservableGauge(name, observe, null, description);

    public void Dispose() => _meter.Dispose();
}
