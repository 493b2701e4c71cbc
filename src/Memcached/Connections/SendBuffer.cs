using System.Buffers;

namespace Memcached.Connections;

/// <summary>
/// A growable byte buffer that requests are written into, sent as one block, then reset. It keeps
/// its array between batches (no allocation per request) but gives back an oversized one.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 16 * 1024;
    private const int RetainedSize = 256 * 1024;
    private byte[] _buffer = new byte[InitialSize];

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

    public void Reset()
    {
        WrittenCount = 0;
        if (_buffer.Length > RetainedSize)
        {
            _buffer = new byte[InitialSize];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
