using System.Text.Json.Serialization;

namespace Backbeat.Bench.Nats;

/// <summary>Where the 500 fan-out subscriptions run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubscriberPlacement>))]
internal enum SubscriberPlacement
{
    /// <summary>In the bench process, beside the Backbeat node: both share one heap and its collections.</summary>
    InProcess,

    /// <summary>
    /// In a child process of their own (the bench re-run with the hidden <c>nats-subscribers</c> verb), as the
    /// services consuming the beat would be: neither side's garbage pauses the other.
    /// </summary>
    ChildProcess,
}
