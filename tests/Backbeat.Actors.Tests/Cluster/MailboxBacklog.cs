using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit.TestActors;

namespace Backbeat.Tests.Cluster;

/// <summary>
/// Holds an actor up for a given time by queueing cheap queries ahead of whatever comes next, sized by timing how
/// long the actor takes for a first batch: the in-process stand-in for a process that could not run (everything
/// the actor's timers and peers send meanwhile waits behind the backlog, as it would behind a freeze).
/// </summary>
public static class MailboxBacklog
{
    private const int CalibrationQueries = 20_000;
    // About 300 MB of queued envelopes at most, however fast the machine.
    private const int MostQueries = 10_000_000;

    /// <summary>
    /// Queues enough <paramref name="query"/>s (answered to a sink) to keep <paramref name="target"/> busy for about
    /// <paramref name="holdUp"/>; the estimate may be off either way, so a test that depends on it measures it.
    /// </summary>
    /// <typeparam name="TAnswer">What the target answers the query with.</typeparam>
    /// <returns>
    /// When the last query was queued: whatever reaches the target from then on waits behind the rest of the backlog.
    /// (While the queries are still being queued, the target works on them and other messages slip in between.)
    /// </returns>
    public static async Task<DateTimeOffset> QueueAsync<TAnswer>(ActorSystem system, IActorRef target, object query, TimeSpan holdUp)
    {
        var sink = system.ActorOf(BlackHoleActor.Props);
        await WorkThroughAsync<TAnswer>(target, query, sink, CalibrationQueries / 10); // compiled before it is timed
        var perQuery = await WorkThroughAsync<TAnswer>(target, query, sink, CalibrationQueries) / CalibrationQueries;

        Queue(target, query, sink, (int)Math.Min(MostQueries, holdUp / perQuery));
        return DateTimeOffset.UtcNow;
    }

    private static async Task<TimeSpan> WorkThroughAsync<TAnswer>(IActorRef target, object query, IActorRef sink, int count)
    {
        var started = Stopwatch.GetTimestamp();
        Queue(target, query, sink, count);
        await target.Ask<TAnswer>(query, TimeSpan.FromSeconds(30));
        return Stopwatch.GetElapsedTime(started);
    }

    private static void Queue(IActorRef target, object query, IActorRef sink, int count)
    {
        for (var i = 0; i < count; i++)
        {
            target.Tell(query, sink);
        }
    }
}
