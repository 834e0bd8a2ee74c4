using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backbeat.Node.Api;

/// <summary>Health reports as JSON: the overall status and each check's status and description.</summary>
public static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new HealthEntryResponse(Lower(e.Value.Status), e.Value.Description ?? e.Value.Exception?.Message));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(
            context.Response.Body, new HealthResponse(Lower(report.Status), checks), AdminJsonContext.Default.HealthResponse, context.RequestAborted);
    }

    private static string Lower(HealthStatus status) => status.ToString().ToLowerInvariant();
}
