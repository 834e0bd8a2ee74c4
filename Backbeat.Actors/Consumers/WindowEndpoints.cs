using System.Globalization;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Backbeat.Consumers;

/// <summary>
/// <c>GET /windows</c> (the newest reports, <c>?n=</c> of them, newest first) and <c>GET /windows/{window_id}</c>, asking
/// the <see cref="WindowAggregator"/> registered in the ActorRegistry. Errors are RFC 9457 problem documents: a bad
/// <c>n</c> or window id is 400, an unknown window 404, no aggregator (not configured, or not answering) 503.
/// </summary>
public static class WindowEndpoints
{
    public const int DefaultCount = 20;

    public const int MaxCount = 1000;

    public static IEndpointRouteBuilder MapWindowEndpoints(this IEndpointRouteBuilder endpoints, TimeSpan? askTimeout = null)
    {
        var timeout = askTimeout ?? TimeSpan.FromSeconds(5);
        endpoints.MapGet("/windows", (HttpContext context, CancellationToken cancellationToken) => ListAsync(context, timeout, cancellationToken));
        endpoints.MapGet("/windows/{window_id}", (HttpContext context, string window_id, CancellationToken cancellationToken) => FindAsync(context, window_id, timeout, cancellationToken));
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var count = DefaultCount;
        var query = context.Request.Query["n"];
        if (query.Count > 0)
        {
            if (query.Count > 1 || !int.TryParse(query[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount)
            {
                return Problem(StatusCodes.Status400BadRequest, $"n must be a whole number from 1 to {MaxCount}, got '{string.Join(",", query.ToArray())}'");
            }
        }

        return await AskAsync<WindowReports>(context, new GetWindows(count), timeout, cancellationToken) switch
        {
            (WindowReports reports, _) => Results.Json(new WindowList(reports.Reports), ConsumersJsonContext.Default.WindowList),
            (_, var problem) => problem!,
        };
    }

    private static async Task<IResult> FindAsync(HttpContext context, string windowId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsWindowId(windowId))
        {
            return Problem(StatusCodes.Status400BadRequest, $"a window id is 32 lowercase hex characters, got '{Shorten(windowId)}'");
        }

        return await AskAsync<WindowLookup>(context, new GetWindow(windowId), timeout, cancellationToken) switch
        {
            ({ Report: { } report }, _) => Results.Json(report, ConsumersJsonContext.Default.WindowReport),
            ({ Report: null }, _) => Problem(StatusCodes.Status404NotFound, $"no report for window {windowId}: it has not closed yet, or is older than the reports kept"),
            (_, var problem) => problem!,
        };
    }

    private static async Task<(T? Answer, IResult? Problem)> AskAsync<T>(HttpContext context, object question, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var registry = context.RequestServices.GetService<ActorRegistry>();
        if (registry is null || !registry.TryGet<WindowAggregator>(out var aggregator))
        {
            return (null, Problem(StatusCodes.Status503ServiceUnavailable, "window reports are not enabled on this node"));
        }

        try
        {
            return (await aggregator.Ask<T>(question, timeout, cancellationToken), null);
        }
        catch (AskTimeoutException)
        {
            return (null, Problem(StatusCodes.Status503ServiceUnavailable, $"the window aggregator did not answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Problem(StatusCodes.Status503ServiceUnavailable, $"the window aggregator did not answer within {timeout.TotalSeconds:0.#} s"));
        }
    }

    private static bool IsWindowId(string value) =>
        value.Length == 32 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);
}

/// <summary>The body of <c>GET /windows</c>.</summary>
public sealed record WindowList([property: JsonPropertyName("windows")] IReadOnlyList<WindowReport> Windows);
