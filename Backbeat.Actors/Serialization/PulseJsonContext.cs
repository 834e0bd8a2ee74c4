using System.Text.Json.Serialization;
using Backbeat.Consumers;
using Backbeat.Pulse;

namespace Backbeat;

/// <summary>Source-generated JSON for everything Backbeat sends between nodes or keeps on disk.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TimelineDocument))]
[JsonSerializable(typeof(LeaderBeat))]
[JsonSerializable(typeof(GetTimeline))]
[JsonSerializable(typeof(SetTempo))]
[JsonSerializable(typeof(TempoScheduled))]
[JsonSerializable(typeof(TempoRefused))]
[JsonSerializable(typeof(TempoNotStored))]
[JsonSerializable(typeof(GetTempo))]
[JsonSerializable(typeof(TempoStatus))]
[JsonSerializable(typeof(GetLeaderStatus))]
[JsonSerializable(typeof(LeaderStatus))]
[JsonSerializable(typeof(StatusClaim))]
[JsonSerializable(typeof(MalformedClaim))]
[JsonSerializable(typeof(GetWindows))]
[JsonSerializable(typeof(WindowReports))]
[JsonSerializable(typeof(GetWindow))]
[JsonSerializable(typeof(WindowLookup))]
[JsonSerializable(typeof(GetClaimCounts))]
[JsonSerializable(typeof(ClaimCounts))]
internal sealed partial class PulseJsonContext : JsonSerializerContext;
