using System.Reflection;
using System.Text;
using System.Text.Json;
using Backbeat.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Backbeat.Node.Dashboard;

/// <summary>
/// <c>GET /</c>: the live dashboard, one self-contained page (inline CSS, JS and SVG; nothing from the internet),
/// fed by <c>/beats/stream</c> and by polling <c>/tempo</c>, <c>/leader</c>, <c>/cluster</c> and <c>/drift</c>.
/// </summary>
public static class DashboardPage
{
    private const string ResourceName = "Backbeat.Node.Dashboard.dashboard.html";
    private const string ConfigPlaceholder = "__BACKBEAT_CONFIG__";

    private static readonly Lazy<string> Template = new(LoadTemplate);

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/", Serve);
        return app;
    }

    /// <summary>The page with this node's bar, phases, cluster and node id written in (the ring needs the bar's shape before any frame).</summary>
    public static string Render(BackbeatOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            // The default encoder escapes <, > and &, so nothing configured can close the script element.
            json.WriteStartObject();
            json.WriteNumber("bar", options.Bar);
            json.WriteStartArray("phases");
            foreach (var phase in options.EffectivePhases)
            {
                json.WriteStringValue(phase);
            }

            json.WriteEndArray();
            json.WriteString("cluster", options.ClusterId);
            json.WriteString("node", options.NodeId);
            json.WriteEndObject();
        }

        return Template.Value.Replace(ConfigPlaceholder, Encoding.UTF8.GetString(buffer.ToArray()), StringComparison.Ordinal);
    }

    private static IResult Serve(HttpContext context, [FromServices] IOptions<BackbeatOptions> options)
    {
        context.Response.Headers.CacheControl = "no-store";
        // Self-contained by policy as well as by construction: the browser may load nothing from elsewhere.
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";
        return Results.Content(Render(options.Value), "text/html; charset=utf-8");
    }

    private static string LoadTemplate()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"the dashboard page {ResourceName} is not embedded in the node");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
