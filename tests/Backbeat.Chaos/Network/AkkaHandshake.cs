using System.Buffers.Binary;
using System.Text;

namespace Backbeat.Chaos.Network;

/// <summary>
/// Reads who opened an Akka.NET remoting connection. Classic remoting (DotNetty TCP) frames every PDU with a 4-byte
/// length, and the dialing side's first PDU is ASSOCIATE, whose handshake info carries the dialer's own advertised
/// address (protobuf AddressData: system, hostname, port, protocol). Every cluster member advertises a distinct
/// loopback IP, so the hostname string names the dialer; the TCP source address cannot (it is 127.0.0.1 for all).
/// </summary>
public static class AkkaHandshake
{
    /// <summary>Largest first frame accepted; an ASSOCIATE is a few hundred bytes.</summary>
    public const int MaxFrameLength = 64 * 1024;

    /// <summary>The payload length from a frame header; DotNetty's default byte order is little-endian.</summary>
    public static bool TryReadLength(ReadOnlySpan<byte> header, out int length)
    {
        length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is > 0 and <= MaxFrameLength)
        {
            return true;
        }

        length = BinaryPrimitives.ReadInt32BigEndian(header);
        return length is > 0 and <= MaxFrameLength;
    }

    /// <summary>
    /// The member whose advertised host appears in <paramref name="payload"/> as a protobuf string (length byte, then
    /// the characters), or null. Hosts must not be prefixes of one another's encodings; equal-length IPs never are.
    /// </summary>
    public static string? FindOrigin(ReadOnlySpan<byte> payload, IReadOnlyDictionary<string, string> memberByHost)
    {
        foreach (var (host, member) in memberByHost)
        {
            var text = Encoding.UTF8.GetBytes(host);
            var encoded = new byte[text.Length + 1];
            encoded[0] = (byte)text.Length;
            text.CopyTo(encoded, 1);
            if (payload.IndexOf(encoded) >= 0)
            {
                return member;
            }
        }

        return null;
    }
}
