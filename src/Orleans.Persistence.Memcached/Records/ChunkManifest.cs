using System.Buffers.Binary;
using System.IO.Hashing;

namespace Orleans.Storage;

/// <summary>
/// The body of a chunked record: how the stored payload is split, and its checksum, which a reader
/// checks after joining the chunks (a missing, stale, foreign or damaged chunk never passes).
/// <code>
/// 0 stored length (4)   8 chunk count (4)
/// 4 chunk size (4)      12 XxHash64 of the stored payload (8)
/// </code>
/// </summary>
internal readonly record struct ChunkManifest(int StoredLength, int ChunkSize, int ChunkCount, ulong Checksum)
{
    public const int Size = 20;

    /// <summary>The manifest of <paramref name="stored"/> split into chunks of <paramref name="chunkSize"/> bytes.</summary>
    public static ChunkManifest Of(ReadOnlySpan<byte> stored, int chunkSize) =>
        new(stored.Length, chunkSize, (stored.Length + chunkSize - 1) / chunkSize, XxHash64.HashToUInt64(stored));

    /// <summary>Length of chunk <paramref name="index"/> (the last one holds the rest).</summary>
    public int LengthOf(int index) => index < ChunkCount - 1 ? ChunkSize : StoredLength - (ChunkSize * (ChunkCount - 1));

    /// <summary>Whether <paramref name="stored"/> is what this manifest describes.</summary>
    public bool Matches(ReadOnlySpan<byte> stored) => stored.Length == StoredLength && XxHash64.HashToUInt64(stored) == Checksum;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, StoredLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], ChunkSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], ChunkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], Checksum);
    }

    /// <summary>Reads a manifest, checking that its numbers agree with each other.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out ChunkManifest manifest)
    {
        manifest = default;
        if (body.Length != Size)
        {
            return false;
        }

        var stored = BinaryPrimitives.ReadInt32LittleEndian(body);
        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        if (stored <= 0 || chunkSize <= 0 || count != (stored + (long)chunkSize - 1) / chunkSize)
        {
            return false;
        }

        manifest = new ChunkManifest(stored, chunkSize, count, BinaryPrimitives.ReadUInt64LittleEndian(body[12..]));
        return true;
    }
}

/// <summary>The chunks of one stored record: its write id (part of their keys) and its manifest.</summary>
internal readonly record struct ChunkSet(ulong WriteId, ChunkManifest Manifest);
