using System.Buffers;
using System.Text;
using System.Text.Json;
using Backbeat.Contracts;

namespace Backbeat.Bench.Nats;

/// <summary>
/// A frame's timeline ordinal read straight from its UTF-8 JSON, allocating nothing: the pooled NATS receive path
/// uses it instead of <see cref="BeatFrameJson.Parse(ReadOnlySpan{byte})"/> (about 700 B a message, 500 messages a
/// frame in the fan-out). It still checks that the message is a beat frame, as the full parse does: one JSON object
/// carrying every required field of the contract, of type <see cref="BeatFrame.TypeV1"/> (the default when absent),
/// with an integer beat_index and a phase that is one of the cluster's; anything else throws <see cref="JsonException"/>.
/// </summary>
internal sealed class FrameOrdinalReader
{
    private static readonly byte[] TypeV1 = Encoding.UTF8.GetBytes(BeatFrame.TypeV1);

    // The contract's fields, by bit: the reader fails a message that lacks any but "type", as the full parse does.
    private static readonly byte[][] Fields =
        [.. new[] { "type", "cluster_id", "beat_index", "downbeat", "phase", "hlc", "deadline_at", "tempo_bpm", "window_id" }.Select(Encoding.UTF8.GetBytes)];

    private const int TypeField = 0;
    private const int RequiredFields = ((1 << 9) - 1) & ~(1 << TypeField);
    private const int BeatIndexField = 2;
    private const int PhaseField = 4;

    private readonly byte[][] _phases;

    public FrameOrdinalReader(IReadOnlyList<string> phases) => _phases = [.. phases.Select(Encoding.UTF8.GetBytes)];

    public static FrameOrdinalReader Default { get; } = new(Configuration.BackbeatOptions.DefaultPhases);

    /// <summary>beat_index × phases + the phase's position, as <see cref="Nodes.FrameOrdinals.OrdinalOf"/> gives for the parsed frame.</summary>
    public long OrdinalOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return OrdinalOf(ref reader);
    }

    /// <summary>As <see cref="OrdinalOf(ReadOnlySpan{byte})"/>, for a payload still in the NATS client's receive buffers.</summary>
    public long OrdinalOf(in ReadOnlySequence<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return OrdinalOf(ref reader);
    }

    private long OrdinalOf(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a beat frame is a JSON object");
        }

        var seen = 0;
        long beatIndex = 0;
        var phase = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            if (!reader.Read())
            {
                break;
            }

            switch (field)
            {
                case TypeField when reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(TypeV1):
                    throw new JsonException($"unexpected frame type, expected '{BeatFrame.TypeV1}'");
                case BeatIndexField when reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out beatIndex):
                    throw new JsonException("beat_index is not an integer");
                case PhaseField:
                    phase = PhaseOf(ref reader);
                    break;
                default:
                    // Other fields (and unknown ones, which the full parse ignores too) are passed over whole.
                    reader.Skip();
                    break;
            }

            if (field >= 0)
            {
                seen |= 1 << field;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("a beat frame is one complete JSON object");
        }

        if ((seen & RequiredFields) != RequiredFields)
        {
            throw new JsonException("a beat frame carries every required field of the contract");
        }

        return beatIndex * _phases.Length + phase;
    }

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            if (reader.ValueTextEquals(Fields[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private int PhaseOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < _phases.Length; i++)
            {
                if (reader.ValueTextEquals(_phases[i]))
                {
                    return i;
                }
            }
        }

        throw new JsonException($"frame phase is not one of [{string.Join(",", _phases.Select(Encoding.UTF8.GetString))}]");
    }
}
