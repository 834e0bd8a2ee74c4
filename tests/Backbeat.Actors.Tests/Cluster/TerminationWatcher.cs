using Akka.Actor;

namespace Backbeat.Tests.Cluster;

/// <summary>A task that completes when an actor stops.</summary>
internal static class TerminationWatcher
{
    public static Task Watch(ActorSystem system, IActorRef watched)
    {
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new WatcherActor(watched, terminated)));
        return terminated.Task;
    }

    private sealed class WatcherActor : ReceiveActor
    {
        public WatcherActor(IActorRef watched, TaskCompletionSource terminated)
        {
            Context.Watch(watched);
            Receive<Terminated>(_ => terminated.TrySetResult());
        }
    }
}
