using System.Text.Json;
using Backbeat.Node.Api;

namespace Backbeat.Chaos.Recording;

/// <summary>
/// Follows one node's <c>GET /beats/stream</c> for the whole round and records every frame it delivers. When the
/// node goes away the stream ends; it connects again (a new session) once the node answers again.
/// </summary>
public sealed class BeatStreamRecorder : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly string _nodeId;
    private readonly Uri _stream;
    private readonly HistoryRecorder _recorder;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _following;
    private int _session;

    public BeatStreamRecorder(string nodeId, Uri adminBase, HistoryRecorder recorder)
    {
        _nodeId = nodeId;
        _stream = new Uri(adminBase, "/beats/stream");
        _recorder = recorder;
        _following = Task.Run(FollowAsync);
    }

    /// <summary>Events that arrived but could not be read as beats (each is a contract breach).</summary>
    public int Unreadable { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _following;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task FollowAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await ReadOneSessionAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !_stopping.IsCancellationRequested)
            {
                // The node is down or restarting: try again shortly.
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(RetryDelay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadOneSessionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _stream);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var session = ++_session;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        string? eventName = null;
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventName is null or "beat" && data.Length > 0)
                {
                    Record(session, data.ToString());
                }

                eventName = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }
    }

    private void Record(int session, string data)
    {
        try
        {
            var (origin, frame) = BeatStream.Parse(data);
            _recorder.OnLocal(_nodeId, session, origin == "local", frame);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or KeyNotFoundException)
        {
            Unreadable++;
        }
    }
}
