using System.Collections.Concurrent;
using Backbeat.Consumers;
using Backbeat.Contracts;

namespace Backbeat.Tests.Consumers;

/// <summary>
/// A service as the tempo guide describes one: it plans a batch of items in <c>plan</c>, processes them in
/// <c>work</c> until done or the deadline, and records the outcome in <c>review</c>. Each phase passes the deadline
/// token on. <paramref name="workTime"/> is how long processing a batch takes.
/// </summary>
public sealed class SampleConsumerService(TimeSpan workTime)
{
    private readonly ConcurrentDictionary<long, int> _planned = new();
    private long _processed;

    /// <summary>Items processed in <c>work</c> phases so far.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    public ConcurrentQueue<long> Reviewed { get; } = new();

    public PhaseHandlers Handlers() => new PhaseHandlers()
        .On("plan", Plan)
        .On("work", WorkAsync)
        .On("review", Review);

    private void Plan(BeatFrame frame, CancellationToken deadline) =>
        _planned[frame.BeatIndex] = (int)(frame.BeatIndex % 5) + 1;

    private async Task WorkAsync(BeatFrame frame, CancellationToken deadline)
    {
        var items = _planned.TryRemove(frame.BeatIndex, out var planned) ? planned : 1;
        for (var i = 0; i < items; i++)
        {
            await Task.Delay(workTime / items, deadline);
            Interlocked.Increment(ref _processed);
        }
    }

    private void Review(BeatFrame frame, CancellationToken deadline) => Reviewed.Enqueue(frame.BeatIndex);
}
