using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backbeat.Node.Api;

/// <summary>Makes every error answer a problem document: unknown paths and methods, unreadable requests, and (never expected) failures.</summary>
public static class ProblemPipeline
{
    public static WebApplication UseProblemDocuments(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is BadHttpRequestException bad)
                {
                    return Problems.WriteAsync(context, bad.StatusCode, $"the request could not be read: {bad.Message}");
                }

                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Backbeat.Node.Api")
                    .LogError(error, "Unhandled error answering {Method} {Path}", context.Request.Method, context.Request.Path);
                return Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "the node failed to answer this request");
            },
        });

        app.Use(RefuseOversizedBodies);

        app.UseStatusCodePages(async pages =>
        {
            var context = pages.HttpContext;
            var status = context.Response.StatusCode;
            var detail = status switch
            {
                StatusCodes.Status404NotFound => $"nothing at {context.Request.Path}; see GET /tempo, /drift, /leader, /cluster, /health, /ready, /live, /metrics",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
                _ => Problems.TitleOf(status),
            };
            await Problems.WriteAsync(context, status, detail);
        });
        return app;
    }

    /// <summary>
    /// A body announced larger than the admin cap is refused with 413 whatever the path. It is read and dropped
    /// first (up to the server's transport limit) so that the client, still sending, receives the answer instead
    /// of a reset connection.
    /// </summary>
    private static async Task RefuseOversizedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentLength is not { } length || length <= AdminApi.MaxBodyBytes)
        {
            await next(context);
            return;
        }

        if (length <= AdminApi.TransportBodyLimit)
        {
            try
            {
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            catch (BadHttpRequestException)
            {
                // The client sent more or less than it announced; the answer is the same.
            }
        }

        await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {AdminApi.MaxBodyBytes} bytes");
    }
}
