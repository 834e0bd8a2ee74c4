using System.Text.Json.Serialization;

namespace Backbeat.Consumers;

/// <summary>How a consumer's phase ended, as it claims it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClaimState>))]
public enum ClaimState
{
    /// <summary>Finished before the phase's <c>deadline_at</c>.</summary>
    [JsonStringEnumMemberName("done")]
    Done,

    /// <summary>Finished after the deadline, cut off by it, or never started because the consumer was overloaded.</summary>
    [JsonStringEnumMemberName("late")]
    Late,

    /// <summary>The handler threw.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
