using System.Buffers;
using NATS.Client.Core;

namespace Backbeat.Bench.Nats;

/// <summary>
/// Decodes a beat message into its frame's ordinal inside the NATS client's read loop, straight from the client's
/// receive buffers (<see cref="FrameOrdinalReader"/>): no payload copy, no frame object. A message that is not a
/// frame comes out with the reader's <c>JsonException</c> as its <see cref="NatsMsg{T}.Error"/>.
/// </summary>
internal sealed class FrameOrdinalDeserializer : INatsDeserialize<long>
{
    private readonly FrameOrdinalReader _reader;

    public FrameOrdinalDeserializer(FrameOrdinalReader reader) => _reader = reader;

    public static FrameOrdinalDeserializer Default { get; } = new(FrameOrdinalReader.Default);

    public long Deserialize(in ReadOnlySequence<byte> buffer) => _reader.OrdinalOf(buffer);
}
