using Backbeat.Contracts;

namespace Backbeat.Consumers;

/// <summary>
/// Handles one phase of one beat. <paramref name="deadline"/> is cancelled at the frame's <c>deadline_at</c>: pass it
/// to every awaited call (the guide's context.WithDeadline) so that work stops when its time is up.
/// </summary>
public delegate Task PhaseHandler(BeatFrame frame, CancellationToken deadline);

/// <summary>The handlers of a consumer, by phase name. Phases without a handler are not processed and not claimed.</summary>
public sealed class PhaseHandlers
{
    private readonly Dictionary<string, PhaseHandler> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, PhaseHandler> ByPhase => _handlers;

    /// <summary>Registers the handler of <paramref name="phase"/>; one per phase.</summary>
    public PhaseHandlers On(string phase, PhaseHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phase);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryAdd(phase, handler))
        {
            throw new ArgumentException($"phase '{phase}' already has a handler", nameof(phase));
        }

        return this;
    }

    /// <summary>Registers a synchronous handler; it runs on the thread pool, never on an actor's thread.</summary>
    public PhaseHandlers On(string phase, Action<BeatFrame, CancellationToken> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return On(phase, (frame, deadline) =>
        {
            handler(frame, deadline);
            return Task.CompletedTask;
        });
    }
}
