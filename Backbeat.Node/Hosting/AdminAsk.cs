using Akka.Actor;
using Backbeat.Admin;

namespace Backbeat.Node.Hosting;

/// <summary>
/// Asks the admin actor on behalf of HTTP handlers and health checks. The admin actor always answers within its
/// own timeouts; this waits a little longer so that even a stopped admin actor ends in <see cref="LeaderUnavailable"/>.
/// </summary>
public sealed class AdminAsk(AdminActorSettings settings)
{
    private readonly TimeSpan _timeout = settings.Longest + TimeSpan.FromSeconds(2);

    public async Task<object> AskAsync(IActorRef admin, object message, CancellationToken cancellationToken)
    {
        try
        {
            return await admin.Ask<object>(message, _timeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return new LeaderUnavailable("the admin actor did not answer in time");
        }
    }
}
