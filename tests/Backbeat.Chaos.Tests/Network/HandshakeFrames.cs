using System.Buffers.Binary;
using System.Text;

namespace Backbeat.Chaos.Tests.Network;

/// <summary>
/// The first frame an Akka.NET dialer sends, as bytes: a 4-byte little-endian length, then an ASSOCIATE whose
/// handshake carries the dialer's address. Laid out as protobuf would (field tags, length-prefixed strings).
/// </summary>
internal static class HandshakeFrames
{
    public static byte[] Associate(string originHost, int originPort)
    {
        var address = Concat(Field(1, "backbeat"), Field(2, originHost), [0x18, .. Varint((uint)originPort)], Field(4, "akka.tcp"));
        var handshake = Concat([0x0A, (byte)address.Length], address, [0x10, 0x2A]);
        var control = Concat([0x08, 0x03, 0x12, (byte)handshake.Length], handshake);
        var pdu = Concat([0x12, (byte)control.Length], control);
        var frame = new byte[4 + pdu.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, pdu.Length);
        pdu.CopyTo(frame, 4);
        return frame;
    }

    private static byte[] Field(int number, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Concat([(byte)((number << 3) | 2), (byte)bytes.Length], bytes);
    }

    private static byte[] Varint(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
