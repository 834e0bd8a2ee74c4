using System.Net.Sockets;

namespace Backbeat.Pulse;

/// <summary>What a TCP connect to a member's remoting port says about the process behind it.</summary>
public enum RemotingPortState
{
    /// <summary>Something accepted the connection: the process (or a proxy in front of it) is there.</summary>
    Accepting,

    /// <summary>
    /// The host answered that nothing listens on the port. A member's ActorSystem holds its port for as long as it
    /// lives, so the incarnation we knew is gone.
    /// </summary>
    Refused,

    /// <summary>No answer in time, an unreachable host, a name that does not resolve: proves nothing either way.</summary>
    Unknown,
}

/// <summary>
/// Asks the operating system of a member's host whether anything still listens on the member's remoting port.
/// A GC pause or a starved CPU leaves the socket listening (the kernel accepts on the process's behalf), so a
/// refusal tells a crashed process apart from a slow one, which silence alone cannot.
/// </summary>
public sealed class RemotingPortProbe
{
    private readonly TimeSpan _timeout;

    public RemotingPortProbe(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
    }

    public async Task<RemotingPortState> ProbeAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return RemotingPortState.Accepting;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return RemotingPortState.Refused;
        }
        catch (SocketException)
        {
            return RemotingPortState.Unknown;
        }
        catch (OperationCanceledException)
        {
            return RemotingPortState.Unknown;
        }
    }
}
