using System.Buffers;
using K4os.Compression.LZ4;

namespace Orleans.Storage;

/// <summary>
/// One version of a state as it is put on a node: the head item (record header, key and body) and,
/// for a large state, the chunks it names. Built from a state being written (<see cref="Encode"/>) or
/// from a copy just read, to repair another replica (<see cref="FromRead"/>). Owns its pooled buffers.
/// </summary>
internal sealed class StoredRecord : IDisposable
{
    /// <summary>memcached client flag of a head whose record is chunked (lets a touch find the chunks without reading the value).</summary>
    public const uint ChunkedItemFlag = 1;

    /// <summary>memcached client flag of a tombstone head.</summary>
    public const uint TombstoneItemFlag = 2;

    /// <summary>Room an item needs besides its value: memcached's item header, the key and the line ends.</summary>
    public const int ItemOverhead = 1024;

    private readonly StateAddress _address;
    private byte[]? _headBuffer;
    private byte[]? _storedBuffer;

    private StoredRecord(StateRecord record, ReadOnlySequence<byte> head, ReadOnlyMemory<byte> stored, ChunkManifest? manifest, StateAddress address, byte[]? headBuffer, byte[]? storedBuffer)
    {
        Record = record;
        Head = head;
        Stored = stored;
        Manifest = manifest;
        _address = address;
        _headBuffer = headBuffer;
        _storedBuffer = storedBuffer;
    }

    /// <summary>The record's header fields (its body is in <see cref="Head"/>).</summary>
    public StateRecord Record { get; }

    public StateETag Stamp => Record.Stamp;

    /// <summary>The value of the head item.</summary>
    public ReadOnlySequence<byte> Head { get; }

    /// <summary>The stored payload (compressed when <see cref="RecordFlags.Compressed"/>): inline in the head, or split into the chunks.</summary>
    public ReadOnlyMemory<byte> Stored { get; }

    /// <summary>How the stored payload is chunked; null when it is inline.</summary>
    public ChunkManifest? Manifest { get; }

    public int ChunkCount => Manifest?.ChunkCount ?? 0;

    /// <summary>The chunks of this record, null when it is inline.</summary>
    public ChunkSet? Chunks => Manifest is { } manifest ? new ChunkSet(Stamp.WriteId, manifest) : null;

    /// <summary>The memcached client flags of the head item.</summary>
    public uint ItemFlags => ItemFlagsOf(Record.Flags);

    public static uint ItemFlagsOf(RecordFlags flags) =>
        ((flags & RecordFlags.Chunked) != 0 ? ChunkedItemFlag : 0) | ((flags & RecordFlags.Tombstone) != 0 ? TombstoneItemFlag : 0);

    public string ChunkKey(int index) => StateKeys.Chunk(_address.ChunkBase, Stamp.WriteId, index);

    public ReadOnlyMemory<byte> Chunk(int index)
    {
        var manifest = Manifest!.Value;
        return Stored.Slice(index * manifest.ChunkSize, manifest.LengthOf(index));
    }

    /// <summary>
    /// Encodes <paramref name="serialized"/> (the serialized state; empty for a cleared state or a tombstone; the caller keeps it alive and disposes it)
    /// as record <paramref name="stamp"/>: LZ4-compressed from <paramref name="compressionThreshold"/> bytes
    /// when that makes it smaller, inline when the head fits in <paramref name="maxItemSize"/>, chunked otherwise.
    /// </summary>
    public static StoredRecord Encode(StateAddress address, StateETag stamp, RecordFlags kind, SerializedPayload serialized, int? compressionThreshold, int maxItemSize)
    {
        var flags = kind;
        var payload = serialized.Memory;
        var stored = payload;
        var compressedLength = 0;
        var compressed = compressionThreshold is { } threshold && payload.Length >= threshold && payload.Length > 0
            ? Compress(payload.Span, out compressedLength)
            : null;
        if (compressed is not null)
        {
            stored = compressed.AsMemory(0, compressedLength);
            flags |= RecordFlags.Compressed;
        }

        var budget = maxItemSize - ItemOverhead;
        var headerSize = StateRecord.MaxHeaderSize(address.Logical);
        if (headerSize + stored.Length <= budget)
        {
            var record = new StateRecord(stamp, flags, payload.Length, default);
            if (compressed is null && serialized.HeaderRoom(address.HeaderLength) is { IsEmpty: false } room)
            {
                // The header goes into the room the serializer left in front of the payload: one block, no copy.
                var written = record.WriteHeaderTo(address.Logical, room, stored.Span);
                return new StoredRecord(record, new ReadOnlySequence<byte>(serialized.WithHeader(written)), stored, null, address, null, null);
            }

            var head = ArrayPool<byte>.Shared.Rent(headerSize);
            var length = record.WriteHeaderTo(address.Logical, head, stored.Span);
            return new StoredRecord(record, Segments.Of(head.AsMemory(0, length), stored), stored, null, address, head, compressed);
        }

        var manifest = ChunkManifest.Of(stored.Span, budget);
        var chunked = new StateRecord(stamp, flags | RecordFlags.Chunked, payload.Length, default);
        var buffer = ArrayPool<byte>.Shared.Rent(headerSize + ChunkManifest.Size);
        Span<byte> body = stackalloc byte[ChunkManifest.Size];
        manifest.WriteTo(body);
        var headerLength = chunked.WriteHeaderTo(address.Logical, buffer, body);
        body.CopyTo(buffer.AsSpan(headerLength));
        return new StoredRecord(chunked, new ReadOnlySequence<byte>(buffer, 0, headerLength + ChunkManifest.Size), stored, manifest, address, buffer, compressed);
    }

    /// <summary>
    /// A record read from a replica, to copy to others: <paramref name="head"/> is the head item's value (owned
    /// by the caller, who keeps it alive), <paramref name="stored"/> the joined chunks (owned by this object when
    /// <paramref name="storedBuffer"/> is given) or the inline body.
    /// </summary>
    public static StoredRecord FromRead(StateRecord record, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> stored, byte[]? storedBuffer, StateAddress address)
    {
        ChunkManifest? manifest = record.IsChunked && ChunkManifest.TryRead(record.Body.Span, out var m) ? m : null;
        return new StoredRecord(record, new ReadOnlySequence<byte>(head), stored, manifest, address, null, storedBuffer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _headBuffer, null) is { } head)
        {
            ArrayPool<byte>.Shared.Return(head);
        }

        if (Interlocked.Exchange(ref _storedBuffer, null) is { } stored)
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    /// <summary>The LZ4 form of <paramref name="payload"/> in a pooled buffer, or null when it would not be smaller.</summary>
    private static byte[]? Compress(ReadOnlySpan<byte> payload, out int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(payload.Length));
        length = LZ4Codec.Encode(payload, buffer, LZ4Level.L00_FAST);
        if (length > 0 && length < payload.Length)
        {
            return buffer;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return null;
    }
}
