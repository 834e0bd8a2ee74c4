namespace Backbeat.Bench.Nats;

/// <summary>Connected, subscribed NATS subscribers that record the frames of a window of ordinals.</summary>
internal interface IFanoutSubscribers : IAsyncDisposable
{
    /// <summary>Starts the readers; frames outside [first, last] are read but not recorded.</summary>
    Task RecordAsync(long first, long last, CancellationToken cancellation);

    /// <summary>Stops the readers and unsubscribes; returns what they recorded.</summary>
    Task<RecordedFanout> StopAsync(CancellationToken cancellation);
}
