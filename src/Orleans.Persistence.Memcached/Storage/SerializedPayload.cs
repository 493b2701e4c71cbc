using System.Buffers;

namespace Orleans.Storage;

/// <summary>
/// A serialized state about to be written. Written by the serializer straight into a pooled buffer that keeps
/// room in front for the record header (<see cref="Pooled"/>), so the head item goes to the client as one
/// block, without an intermediate array or a copy; or the bytes another serializer produced (<see cref="Of"/>).
/// </summary>
internal sealed class SerializedPayload : IBufferWriter<byte>, IDisposable
{
    private const int MinCapacity = 256;
    private readonly ReadOnlyMemory<byte> _external;
    private byte[]? _buffer;
    private int _length;

    private SerializedPayload(ReadOnlyMemory<byte> external, byte[]? buffer, int room)
    {
        _external = external;
        _buffer = buffer;
        Room = room;
    }

    /// <summary>No payload (a cleared state or a tombstone).</summary>
    public static SerializedPayload Empty { get; } = new(ReadOnlyMemory<byte>.Empty, null, 0);

    /// <summary>Bytes free in front of the payload, for the header.</summary>
    public int Room { get; }

    /// <summary>The serialized state.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is { } buffer ? buffer.AsMemory(Room, _length) : _external;

    public int Length => Memory.Length;

    /// <summary>
    /// A pooled payload with <paramref name="room"/> bytes in front, for a serializer to write into; sized for
    /// <paramref name="expectedLength"/> (the state's last serialized length) so that it is usually rented once.
    /// </summary>
    public static SerializedPayload Pooled(int room, int expectedLength = 0) =>
        new(default, ArrayPool<byte>.Shared.Rent(room + Math.Max(expectedLength, MinCapacity)), room);

    /// <summary>The bytes a serializer produced on its own (no room in front).</summary>
    public static SerializedPayload Of(ReadOnlyMemory<byte> serialized) => new(serialized, null, 0);

    /// <summary>The last <paramref name="headerLength"/> bytes of the room, for the header; null when there is not that much room.</summary>
    public Span<byte> HeaderRoom(int headerLength) => headerLength <= Room && _buffer is { } buffer ? buffer.AsSpan(Room - headerLength, headerLength) : default;

    /// <summary>The header written into <see cref="HeaderRoom"/> and the payload, as one block.</summary>
    public ReadOnlyMemory<byte> WithHeader(int headerLength) => _buffer!.AsMemory(Room - headerLength, headerLength + _length);

    /// <inheritdoc />
    public void Advance(int count) => _length += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(Room + _length);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(Room + _length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Ensure(int sizeHint)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("This payload is not written by a serializer.");
        var needed = Room + _length + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length)
        {
            return buffer;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(Room, _length).CopyTo(grown.AsSpan(Room));
        ArrayPool<byte>.Shared.Return(buffer);
        return _buffer = grown;
    }
}
