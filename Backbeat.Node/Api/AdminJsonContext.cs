using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Backbeat.Node.Api;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TempoScheduledResponse))]
[JsonSerializable(typeof(TempoStatusResponse))]
[JsonSerializable(typeof(DriftResponse))]
[JsonSerializable(typeof(LeaderResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(MembershipChangeResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
