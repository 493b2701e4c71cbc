using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Orleans.Storage;

/// <summary>
/// The stored form of one grain state: a format header with a checksum, the logical key (so a
/// record can never be mistaken for another grain's) and the serialized state.
/// <code>
/// 0  "OMS" + format version (4)    13 XxHash64 of everything else (8)
/// 4  flags: 1 = cleared (1)         21 key length (2)
/// 5  logical version (8)            23 payload length (4)
/// 27 key (UTF-8), then payload
/// </code>
/// </summary>
internal readonly record struct StateRecord(ulong Version, bool Cleared, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderSize = 27;
    private const uint Magic = 0x4F4D5301; // "OMS" v1
    private const byte ClearedFlag = 1;

    /// <summary>Serialized size of a record with this key and payload length.</summary>
    public static int SizeOf(int keyBytes, int payloadLength) => HeaderSize + keyBytes + payloadLength;

    /// <summary>Writes the record for <paramref name="logicalKey"/> into <paramref name="destination"/>; returns its length.</summary>
    public int WriteTo(string logicalKey, Span<byte> destination)
    {
        var headerLength = WriteHeaderTo(logicalKey, destination);
        Payload.Span.CopyTo(destination[headerLength..]);
        return headerLength + Payload.Length;
    }

    /// <summary>
    /// Writes the header and key (everything but the payload, which the checksum still covers) into
    /// <paramref name="destination"/>, so the payload can be sent from where it is without a copy.
    /// Returns the number of bytes written.
    /// </summary>
    public int WriteHeaderTo(string logicalKey, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetBytes(logicalKey, destination[HeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        destination[4] = Cleared ? ClearedFlag : (byte)0;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[5..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[21..], checked((ushort)keyLength));
        BinaryPrimitives.WriteInt32LittleEndian(destination[23..], Payload.Length);
        var headerLength = HeaderSize + keyLength;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[13..], Checksum(destination[..headerLength], Payload.Span));
        return headerLength;
    }

    /// <summary>
    /// Reads a record, checking format, checksum, lengths and that it belongs to <paramref name="logicalKey"/>.
    /// The payload points into <paramref name="source"/>.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> source, string logicalKey, out StateRecord record, out string problem)
    {
        record = default;
        var span = source.Span;
        if (span.Length < HeaderSize || BinaryPrimitives.ReadUInt32BigEndian(span) != Magic)
        {
            problem = "not a grain-state record (unknown format header)";
            return false;
        }

        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(span[21..]);
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span[23..]);
        if (payloadLength < 0 || HeaderSize + keyLength + (long)payloadLength != span.Length)
        {
            problem = "truncated or padded record (lengths do not match)";
            return false;
        }

        var headerLength = HeaderSize + keyLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(span[13..]) != Checksum(span[..headerLength], span[headerLength..]))
        {
            problem = "checksum mismatch";
            return false;
        }

        if (!IsKey(span.Slice(HeaderSize, keyLength), logicalKey))
        {
            problem = "record belongs to another grain state";
            return false;
        }

        problem = string.Empty;
        record = new StateRecord(BinaryPrimitives.ReadUInt64LittleEndian(span[5..]), (span[4] & ClearedFlag) != 0, source[(HeaderSize + keyLength)..]);
        return true;
    }

    /// <summary>XxHash64 of the record (header and key, then payload) with the checksum field skipped.</summary>
    private static ulong Checksum(ReadOnlySpan<byte> headerAndKey, ReadOnlySpan<byte> payload)
    {
        var hash = new XxHash64();
        hash.Append(headerAndKey[..13]);
        hash.Append(headerAndKey[21..]);
        hash.Append(payload);
        return hash.GetCurrentHashAsUInt64();
    }

    private static bool IsKey(ReadOnlySpan<byte> stored, string logicalKey)
    {
        if (Encoding.UTF8.GetByteCount(logicalKey) != stored.Length)
        {
            return false;
        }

        var expected = stored.Length <= 512 ? stackalloc byte[stored.Length] : new byte[stored.Length];
        Encoding.UTF8.GetBytes(logicalKey, expected);
        return expected.SequenceEqual(stored);
    }
}
