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
}
