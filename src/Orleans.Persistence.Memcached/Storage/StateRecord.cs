using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Orleans.Storage;

/// <summary>What a stored record is.</summary>
[Flags]
internal enum RecordFlags : byte
{
    /// <summary>A state, stored inline and uncompressed.</summary>
    None = 0,

    /// <summary>A cleared state that keeps its ETag (clear without <c>DeleteStateOnClear</c>).</summary>
    Cleared = 1,

    /// <summary>A deleted state (clear with <c>DeleteStateOnClear</c>): reads as no record, but outranks older replicas.</summary>
    Tombstone = 2,

    /// <summary>The body is a <see cref="ChunkManifest"/>; the stored payload is in chunk items on the same node.</summary>
    Chunked = 4,

    /// <summary>The stored payload is LZ4-compressed; <see cref="StateRecord.RawLength"/> is its decompressed length.</summary>
    Compressed = 8,
}

/// <summary>
/// The head item of one grain state (one per replica): a format header with a checksum, the logical key
/// (so a record can never be mistaken for another grain's) and the body — the stored payload, or the
/// manifest of its chunks.
/// <code>
/// 0  "OMS" + format version 3 (4)  23 body length (4)
/// 4  flags (1)                      27 write id (8)
/// 5  version (8)                    35 serialized state length (4)
/// 13 checksum of all but itself (8) 39 key (UTF-8), then body
/// 21 key length (2)
/// </code>
/// Version 3 checksums with XxHash3 (chained over header, key and body); version 2, still read, with XxHash64.
/// XxHash3 is about four times faster over a large body, and every write and read hashes the whole record.
/// </summary>
internal readonly record struct StateRecord(StateETag Stamp, RecordFlags Flags, int RawLength, ReadOnlyMemory<byte> Body)
{
    public const int HeaderSize = 39;
    private const uint Magic = 0x4F4D5303; // "OMS" v3: XxHash3 checksum
    private const uint MagicV2 = 0x4F4D5302; // "OMS" v2: XxHash64 checksum (read only)
    private const RecordFlags KnownFlags = RecordFlags.Cleared | RecordFlags.Tombstone | RecordFlags.Chunked | RecordFlags.Compressed;

    /// <summary>Whether the record holds no state (cleared or deleted).</summary>
    public bool IsEmpty => (Flags & (RecordFlags.Cleared | RecordFlags.Tombstone)) != 0;

    public bool IsTombstone => (Flags & RecordFlags.Tombstone) != 0;

    public bool IsChunked => (Flags & RecordFlags.Chunked) != 0;

    /// <summary>Largest header-and-key size for <paramref name="logicalKey"/>.</summary>
    public static int MaxHeaderSize(string logicalKey) => HeaderSize + Encoding.UTF8.GetMaxByteCount(logicalKey.Length);

    /// <summary>
    /// Writes the header and key into <paramref name="destination"/>, with a checksum that also covers
    /// <paramref name="body"/> (which the caller sends after it). Returns the number of bytes written.
    /// </summary>
    public int WriteHeaderTo(string logicalKey, Span<byte> destination, ReadOnlySpan<byte> body) => WriteHeaderTo(logicalKey, destination, body, Magic);

    /// <summary>As <see cref="WriteHeaderTo(string, Span{byte}, ReadOnlySpan{byte})"/>, in the version-2 format (tests check old records stay readable).</summary>
    internal int WriteVersion2HeaderTo(string logicalKey, Span<byte> destination, ReadOnlySpan<byte> body) => WriteHeaderTo(logicalKey, destination, body, MagicV2);

    private int WriteHeaderTo(string logicalKey, Span<byte> destination, ReadOnlySpan<byte> body, uint magic)
    {
        var keyLength = Encoding.UTF8.GetBytes(logicalKey, destination[HeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination, magic);
        destination[4] = (byte)Flags;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[5..], Stamp.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[21..], checked((ushort)keyLength));
        BinaryPrimitives.WriteInt32LittleEndian(destination[23..], body.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[27..], Stamp.WriteId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[35..], RawLength);
        var headerLength = HeaderSize + keyLength;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[13..], Checksum(magic, destination[..headerLength], body));
        return headerLength;
    }

    /// <summary>
    /// Reads a record, checking format, checksum, lengths and that it belongs to <paramref name="logicalKey"/>.
    /// The body points into <paramref name="source"/>.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> source, string logicalKey, out StateRecord record, out string problem)
    {
        record = default;
        var span = source.Span;
        var magic = span.Length < HeaderSize ? 0 : BinaryPrimitives.ReadUInt32BigEndian(span);
        if (magic is not (Magic or MagicV2))
        {
            problem = "not a grain-state record (unknown format header)";
            return false;
        }

        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(span[21..]);
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(span[23..]);
        if (bodyLength < 0 || HeaderSize + keyLength + (long)bodyLength != span.Length)
        {
            problem = "truncated or padded record (lengths do not match)";
            return false;
        }

        var headerLength = HeaderSize + keyLength;
        if (BinaryPrimitives.ReadUInt64LittleEndian(span[13..]) != Checksum(magic, span[..headerLength], span[headerLength..]))
        {
            problem = "checksum mismatch";
            return false;
        }

        var flags = (RecordFlags)span[4];
        var writeId = BinaryPrimitives.ReadUInt64LittleEndian(span[27..]);
        var rawLength = BinaryPrimitives.ReadInt32LittleEndian(span[35..]);
        if ((flags & ~KnownFlags) != 0 || writeId == 0 || rawLength < 0 || ((flags & RecordFlags.Chunked) != 0 && bodyLength != ChunkManifest.Size))
        {
            problem = "unknown record flags or fields";
            return false;
        }

        if (!IsKey(span.Slice(HeaderSize, keyLength), logicalKey))
        {
            problem = "record belongs to another grain state";
            return false;
        }

        problem = string.Empty;
        var stamp = new StateETag(BinaryPrimitives.ReadUInt64LittleEndian(span[5..]), writeId);
        record = new StateRecord(stamp, flags, rawLength, source[headerLength..]);
        return true;
    }

    /// <summary>
    /// The checksum of the record (header and key, then body) with the checksum field skipped: for version 3,
    /// XxHash3 of each part seeded with the hash of the parts before it (no allocation, one pass over the body).
    /// </summary>
    private static ulong Checksum(uint magic, ReadOnlySpan<byte> headerAndKey, ReadOnlySpan<byte> body)
    {
        if (magic == Magic)
        {
            var seed = (long)XxHash3.HashToUInt64(headerAndKey[..13]);
            seed = (long)XxHash3.HashToUInt64(headerAndKey[21..], seed);
            return XxHash3.HashToUInt64(body, seed);
        }


        var hash = new XxHash64();
        hash.Append(headerAndKey[..13]);
        hash.Append(headerAndKey[21..]);
        hash.Append(body);
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
