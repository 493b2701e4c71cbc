using System.Buffers;

namespace Memcached;

/// <summary>A value copied out of the receive buffer into an array rented from <see cref="ValueBufferPool.Shared"/>.</summary>
internal sealed class PooledValue : IMemoryOwner<byte>
{
    private byte[]? _array;
    private readonly int _length;

    private PooledValue(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    public Memory<byte> Memory => _array is { } array
        ? array.AsMemory(0, _length)
        : throw new ObjectDisposedException(nameof(GetResult), "The value's buffer was returned to the pool when the result was disposed.");

    public static PooledValue CopyOf(in ReadOnlySequence<byte> data)
    {
        var length = checked((int)data.Length);
        var array = ValueBufferPool.Shared.Rent(length);
        data.CopyTo(array);
        return new PooledValue(array, length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ValueBufferPool.Shared.Return(array);
        }
    }
}
