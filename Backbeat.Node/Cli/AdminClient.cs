using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Backbeat.Node.Api;

namespace Backbeat.Node.Cli;

/// <summary>
/// Talks to one node's admin API for the CLI verbs. Every failure becomes a <see cref="CliFailure"/> with one
/// readable line: the node could not be reached, or it refused and said why (its problem document).
/// </summary>
public sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _stream;
    private readonly TimeSpan _timeout;

    public AdminClient(Uri admin, string? token, TimeSpan timeout)
    {
        Admin = admin;
        _timeout = timeout;
        _http = Create(admin, token);
        _stream = Create(admin, token);
    }

    public Uri Admin { get; }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, answer, cancellationToken);
    }

    public async Task<T> PostAsync<T>(string path, string jsonBody, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(jsonBody, Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, answer, cancellationToken);
    }

    /// <summary>Opens a long-lived response (the beat stream); the caller disposes it.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, streaming: true);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await RefusalAsync(response, cancellationToken);
            }
        }

        return response;
    }

    public void Dispose()
    {
        _http.Dispose();
        _stream.Dispose();
    }

    private static HttpClient Create(Uri admin, string? token)
    {
        var client = new HttpClient { BaseAddress = admin, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken, bool streaming = false)
    {
        using (request)
        {
            // The beat stream lives as long as the operator watches: only its start is timed, by hand.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            try
            {
                return await (streaming ? _stream : _http).SendAsync(request, completion, deadline.Token);
            }
            catch (HttpRequestException ex)
            {
                throw new CliFailure($"cannot reach the node at {Admin}: {Describe(ex)}", CliExitCodes.Unreachable);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliFailure($"the node at {Admin} did not answer within {_timeout.TotalSeconds:0.#} s", CliExitCodes.Unreachable);
            }
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, cancellationToken);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, answer)
                   ?? throw new JsonException("the answer is null");
        }
        catch (JsonException ex)
        {
            throw new CliFailure(
                $"the node at {Admin} gave an answer that is not Backbeat's admin API ({(int)response.StatusCode}, {ex.Message})",
                CliExitCodes.Refused);
        }
    }

    /// <summary>Turns an error answer into one line: the problem document's title and detail when there is one.</summary>
    private async Task<CliFailure> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? title = null;
        string? detail = null;
        try
        {
            var problem = JsonSerializer.Deserialize(text, AdminJsonContext.Default.ProblemDetails);
            title = problem?.Title;
            detail = problem?.Detail;
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): the status line is all there is to say.
        }

        title ??= response.ReasonPhrase ?? Problems.TitleOf(status);
        var line = detail is { Length: > 0 }
            ? $"the node refused ({status} {title}): {detail}"
            : $"the node refused ({status} {title})";
        return new CliFailure(line, status == (int)HttpStatusCode.ServiceUnavailable ? CliExitCodes.Unreachable : CliExitCodes.Refused);
    }

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (is the node running, and is this its admin port?)",
            SocketError.HostNotFound or SocketError.NoData => "unknown host",
            _ => socket.Message,
        },
        { } inner => inner.Message,
        null => ex.Message,
    };
}
