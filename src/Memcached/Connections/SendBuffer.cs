using System.Buffers;

namespace Memcached.Connections;

/// <summary>
/// A growable byte buffer that requests are written into, sent as one block, then reset. Its arrays come
/// from the shared pool: a batch that outgrows the buffer (hundreds of pipelined requests, a large value)
/// trades its array for a bigger pooled one, and gives an oversized one back when it is reset, so a busy
/// connection allocates nothing per batch, however large its batches.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 16 * 1024;
    private const int RetainedSize = 256 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    /// <summary>Empties the buffer once its contents were sent (nothing may still read them).</summary>
    public void Reset()
    {
        WrittenCount = 0;
        if (_buffer.Length > RetainedSize)
        {
            Swap(ArrayPool<byte>.Shared.Rent(InitialSize), copy: 0);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            Swap(ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2)), copy: WrittenCount);
        }
    }

    private void Swap(byte[] next, int copy)
    {
        _buffer.AsSpan(0, copy).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
