using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Backbeat.Node.Api;

/// <summary>RFC 9457 problem documents, written the same way for every error the admin API gives.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Result(int status, string detail, string? title = null) =>
        Results.Json(Create(status, detail, title, instance: null), AdminJsonContext.Default.ProblemDetails, ContentType, status);

    public static Task WriteAsync(HttpContext context, int status, string detail, string? title = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var problem = Create(status, detail, title, context.Request.Path.Value);
        return JsonSerializer.SerializeAsync(context.Response.Body, problem, AdminJsonContext.Default.ProblemDetails, context.RequestAborted);
    }

    private static ProblemDetails Create(int status, string detail, string? title, string? instance) => new()
    {
        Type = "about:blank",
        Status = status,
        Title = title ?? TitleOf(status),
        Detail = detail,
        Instance = instance,
    };

    public static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
