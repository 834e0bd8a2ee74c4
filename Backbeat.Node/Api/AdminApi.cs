using Akka.Hosting;
using Backbeat.Admin;
using Backbeat.Configuration;
using Backbeat.Contracts;
using Backbeat.Node.Hosting;
using Backbeat.Pulse;
using Backbeat.Timing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Backbeat.Node.Api;

/// <summary>The admin HTTP API of SPEC §7. Every handler asks the <see cref="AdminActor"/>; none talks to the cluster itself.</summary>
public static class AdminApi
{
    /// <summary>The largest request body the admin API accepts; larger ones get 413.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// The server's own limit, above <see cref="MaxBodyBytes"/> so that a body slightly too large can be read and
    /// answered with 413 on a healthy connection; beyond this the server cuts the connection.
    /// </summary>
    public const int TransportBodyLimit = 1024 * 1024;

    public static WebApplication MapBackbeatAdminApi(this WebApplication app)
    {
        app.MapGet("/tempo", ReadTempo);
        app.MapPost("/tempo", ChangeTempo).AddEndpointFilter<AdminAuthFilter>();
        app.MapGet("/drift", ReadDrift);
        app.MapGet("/leader", ReadLeader);
        app.MapGet("/cluster", ReadCluster);
        app.MapPost("/cluster/leave", RequestLeave).AddEndpointFilter<AdminAuthFilter>();
        app.MapPost("/cluster/down", RequestDown).AddEndpointFilter<AdminAuthFilter>();
        app.MapHealthChecks("/health", Health(_ => true));
        app.MapHealthChecks("/ready", Health(r => r.Tags.Contains(BackbeatNodeAkka.ReadyTag)));
        app.MapHealthChecks("/live", Health(r => r.Tags.Contains(BackbeatNodeAkka.LiveTag)));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static HealthCheckOptions Health(Func<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthResponseWriter.WriteAsync,
    };

    private static async Task<IResult> ReadTempo(
        [FromServices] IRequiredActor<AdminActor> admin, [FromServices] AdminAsk ask, CancellationToken cancellationToken)
    {
        var answer = await ask.AskAsync(await admin.GetAsync(cancellationToken), GetTempo.Instance, cancellationToken);
        return answer switch
        {
            TempoStatus status => Results.Json(ToResponse(status), AdminJsonContext.Default.TempoStatusResponse),
            LeaderUnavailable unavailable => Results.Json(
                new TempoStatusResponse(null, null, false, null, $"no leader reachable: {unavailable.Reason}", null, null),
                AdminJsonContext.Default.TempoStatusResponse),
            _ => Unexpected(answer),
        };
    }

    private static TempoStatusResponse ToResponse(TempoStatus status)
    {
        var canChange = status.MinAllowedBpm < status.MaxAllowedBpm;
        var next = status is { PendingBpm: { } pending, PendingBeatIndex: { } beat, PendingAt: { } at }
            ? new NextChangeResponse(Tempo.Normalize(pending), beat, UtcMillisecondsConverter.ToText(at))
            : null;
        return new TempoStatusResponse(
            Tempo.Normalize(status.CurrentBpm),
            status.PendingBpm is { } p ? Tempo.Normalize(p) : null,
            canChange,
            next,
            canChange ? null : $"the tempo range and the ±10% rule leave no tempo other than {Tempo.Format(status.CurrentBpm)}",
            Tempo.Normalize(status.MinAllowedBpm),
            Tempo.Normalize(status.MaxAllowedBpm));
    }

    private static async Task<IResult> ChangeTempo(
        HttpContext context,
        [FromServices] IRequiredActor<AdminActor> admin,
        [FromServices] AdminAsk ask,
        [FromServices] IOptions<BackbeatOptions> options,
        CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await ReadJsonBodyAsync(context, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (!TempoChangeRequest.TryParse(body!, out var request, out var error))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, error!);
        }

        var limits = options.Value;
        if (!Tempo.IsRepresentable(request!.TempoBpm, out var reason))
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, $"tempo_bpm {Tempo.Format(request.TempoBpm)}: {reason}");
        }

        if (request.TempoBpm < limits.MinBpm || request.TempoBpm > limits.MaxBpm)
        {
            return Problems.Result(
                StatusCodes.Status422UnprocessableEntity,
                $"tempo_bpm {Tempo.Format(request.TempoBpm)} is outside [{Tempo.Format(limits.MinBpm)}, {Tempo.Format(limits.MaxBpm)}]");
        }

        var answer = await ask.AskAsync(
            await admin.GetAsync(cancellationToken), new SetTempo(request.TempoBpm, request.Justification), cancellationToken);
        return answer switch
        {
            TempoScheduled scheduled => Results.Json(
                new TempoScheduledResponse(Tempo.Normalize(scheduled.TempoBpm), scheduled.EffectiveBeatIndex, UtcMillisecondsConverter.ToText(scheduled.EffectiveAt)),
                AdminJsonContext.Default.TempoScheduledResponse,
                statusCode: StatusCodes.Status202Accepted),
            TempoRefused refused => Problems.Result(StatusCodes.Status422UnprocessableEntity, refused.Reason),
            TempoNotStored notStored => Problems.Result(StatusCodes.Status503ServiceUnavailable, $"the change was not stored, nothing changed: {notStored.Reason}"),
            LeaderUnavailable unavailable => NoLeader(unavailable),
            _ => Unexpected(answer),
        };
    }

    private static async Task<IResult> ReadDrift(
        [FromServices] IRequiredActor<AdminActor> admin, [FromServices] AdminAsk ask, CancellationToken cancellationToken)
    {
        var answer = await ask.AskAsync(await admin.GetAsync(cancellationToken), GetDrift.Instance, cancellationToken);
        return answer switch
        {
            DriftStatus drift => Results.Json(
                new DriftResponse(
                    drift.TimerDriftPercent,
                    drift.HlcDriftSeconds,
                    drift.LastSyncTime is { } synced ? UtcMillisecondsConverter.ToText(synced) : null,
                    drift.DegradationMode,
                    drift.WithinLimits),
                AdminJsonContext.Default.DriftResponse),
            FollowerUnavailable unavailable => Problems.Result(StatusCodes.Status503ServiceUnavailable, unavailable.Reason),
            _ => Unexpected(answer),
        };
    }

    private static async Task<IResult> ReadLeader(
        [FromServices] IRequiredActor<AdminActor> admin,
        [FromServices] AdminAsk ask,
        [FromServices] IOptions<BackbeatOptions> options,
        CancellationToken cancellationToken)
    {
        var adminRef = await admin.GetAsync(cancellationToken);
        var leaderTask = ask.AskAsync(adminRef, GetLeaderStatus.Instance, cancellationToken);
        var clusterTask = ask.AskAsync(adminRef, GetClusterState.Instance, cancellationToken);
        var (answer, cluster) = (await leaderTask, await clusterTask);
        if (answer is LeaderUnavailable unavailable)
        {
            return NoLeader(unavailable);
        }

        if (answer is not LeaderStatus leader || cluster is not ClusterState state)
        {
            return Unexpected(answer);
        }

        var stats = new LeaderStatsResponse(
            leader.Address,
            UtcMillisecondsConverter.ToText(leader.LeaderSince),
            leader.FramesEmitted,
            leader.LastBeatIndex,
            leader.LastPhase,
            leader.LatenessP50Ms,
            leader.LatenessP99Ms,
            leader.LatenessMaxMs);
        var response = new LeaderResponse(options.Value.NodeId, leader.NodeId == options.Value.NodeId, leader.NodeId, state.UpCount, stats);
        return Results.Json(response, AdminJsonContext.Default.LeaderResponse);
    }

    private static async Task<IResult> ReadCluster(
        [FromServices] IRequiredActor<AdminActor> admin, [FromServices] AdminAsk ask, CancellationToken cancellationToken)
    {
        var answer = await ask.AskAsync(await admin.GetAsync(cancellationToken), GetClusterState.Instance, cancellationToken);
        if (answer is not ClusterState state)
        {
            return Unexpected(answer);
        }

        var members = state.Members
            .Select(m => new MemberResponse(m.Address, m.Roles, m.Status, m.Reachable ? "reachable" : "unreachable", m.IsLeaderHost))
            .ToList();
        return Results.Json(new ClusterResponse(state.SelfAddress, state.LeaderHost, state.UpCount, members), AdminJsonContext.Default.ClusterResponse);
    }

    private static Task<IResult> RequestLeave(
        HttpContext context, [FromServices] IRequiredActor<AdminActor> admin, [FromServices] AdminAsk ask, CancellationToken cancellationToken) =>
        ChangeMembership(context, admin, ask, address => new LeaveMember(address), cancellationToken);

    private static Task<IResult> RequestDown(
        HttpContext context, [FromServices] IRequiredActor<AdminActor> admin, [FromServices] AdminAsk ask, CancellationToken cancellationToken) =>
        ChangeMembership(context, admin, ask, address => new DownMember(address), cancellationToken);

    private static async Task<IResult> ChangeMembership(
        HttpContext context,
        IRequiredActor<AdminActor> admin,
        AdminAsk ask,
        Func<Akka.Actor.Address, object> command,
        CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await ReadJsonBodyAsync(context, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (!MemberAddressRequest.TryParse(body!, out var request, out var error))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, error!);
        }

        var answer = await ask.AskAsync(await admin.GetAsync(cancellationToken), command(request!.Address), cancellationToken);
        return answer switch
        {
            MembershipChangeIssued issued => Results.Json(
                new MembershipChangeResponse(issued.Address, issued.Action),
                AdminJsonContext.Default.MembershipChangeResponse,
                statusCode: StatusCodes.Status202Accepted),
            NotAMember notAMember => Problems.Result(StatusCodes.Status404NotFound, $"{notAMember.Address} is not a member of this cluster"),
            _ => Unexpected(answer),
        };
    }

    /// <summary>Reads a mutating request's JSON body, capped at <see cref="MaxBodyBytes"/>; or the problem to answer instead.</summary>
    private static async Task<(byte[]? Body, IResult? Problem)> ReadJsonBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json (UTF-8)"));
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        try
        {
            return (await ReadCappedAsync(context.Request.Body, cancellationToken), null);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : Problems.Result(ex.StatusCode, $"the request body could not be read: {ex.Message}"));
        }
        catch (BodyTooLargeException)
        {
            return (null, TooLarge());
        }
    }

    private static IResult NoLeader(LeaderUnavailable unavailable) =>
        Problems.Result(StatusCodes.Status503ServiceUnavailable, $"no leader reachable: {unavailable.Reason}");

    private static IResult TooLarge() =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {MaxBodyBytes} bytes");

    private static IResult Unexpected(object answer) => answer is LeaderUnavailable unavailable
        ? NoLeader(unavailable)
        : Problems.Result(StatusCodes.Status503ServiceUnavailable, "the node gave no usable answer; try again");

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                   (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<byte[]> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The body grew past <see cref="MaxBodyBytes"/> where the server itself does not cap it (chunked, test hosts).</summary>
    private sealed class BodyTooLargeException : Exception;
}
