using Backbeat.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Backbeat.Node.Api;

/// <summary>Applies <see cref="AdminAuthPolicy"/> to a mutating endpoint before anything of the request is read.</summary>
public sealed class AdminAuthFilter(IOptions<BackbeatOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var decision = AdminAuthPolicy.Evaluate(
            options.Value.AdminToken,
            http.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null,
            http.Connection.RemoteIpAddress);

        switch (decision)
        {
            case AdminAuthDecision.Unauthorized:
                http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                return Problems.Result(StatusCodes.Status401Unauthorized, "this request changes the node: send Authorization: Bearer <admin token>");
            case AdminAuthDecision.Forbidden:
                return Problems.Result(StatusCodes.Status403Forbidden, "without an admin token, changes are accepted from loopback only");
            default:
                return await next(context);
        }
    }
}
