using System.Text.Json.Serialization;

namespace Backbeat.Bench.Nats;

/// <summary>How each NATS subscription of the fan-out reads its messages.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NatsReceive>))]
internal enum NatsReceive
{
    /// <summary>
    /// The plain way: a <c>byte[]</c> payload (a fresh array a message), <c>BeatFrameJson.Parse</c>, and
    /// <c>ReadAllAsync</c> with a stop token (each wait for a message allocates its own waiter).
    /// </summary>
    Parse,

    /// <summary>
    /// The lean way: a pooled <c>NatsMemoryOwner&lt;byte&gt;</c> payload returned after use,
    /// <see cref="FrameOrdinalReader"/> (checks the frame, allocates nothing), and waits without a token (the
    /// channel's reusable waiter), ended by unsubscribing.
    /// </summary>
    Pooled,

    /// <summary>
    /// Leaner still: a <see cref="FrameOrdinalDeserializer"/> given to the subscription decodes each message into its
    /// ordinal in the client's read loop, from the receive buffers (no payload copy at all; the decoding is then
    /// inside the measured time), and the reader waits as <see cref="Pooled"/> does.
    /// </summary>
    Ordinal,
}
