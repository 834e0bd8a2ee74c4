using System.Diagnostics.Metrics;
using Backbeat.Metrics;
using Backbeat.Nats;
using Microsoft.Extensions.DependencyInjection;

namespace Backbeat.Tests.Nats;

/// <summary>
/// Reads <c>backbeat_nats_breaker_state</c> the way an exporter does, from a <see cref="BackbeatMetrics"/> of its own
/// (its own meter factory, so tests running side by side do not see each other's gauges).
/// </summary>
public sealed class BreakerStateGauge : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private int? _last;

    public BreakerStateGauge()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new BackbeatMetrics(meterFactory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == NatsPublisher.BreakerStateGauge)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => _last = value);
        _listener.Start();
    }

    public BackbeatMetrics Metrics { get; }

    /// <summary>The gauge's value now; null while no publisher has registered it.</summary>
    public int? Read()
    {
        _last = null;
        _listener.RecordObservableInstruments();
        return _last;
    }

    public void Dispose()
    {
        _listener.Dispose();
        Metrics.Dispose();
        _services.Dispose();
    }
}
