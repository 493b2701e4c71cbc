using System.Buffers;
using System.Numerics;

namespace Memcached;

/// <summary>
/// The arrays that values read from memcached are copied into, each held from the receive loop's copy until the
/// caller disposes its result. <see cref="ArrayPool{T}.Shared"/> keeps a few dozen arrays of a size (one per thread,
/// 32 per core): with hundreds of reads in flight most rentals allocated, and at 512 concurrent 1 KB reads that was
/// 0.7 KB a read, a gen-0 collection every 100-200 ms, and every read in flight waiting out its pause. This pool keeps
/// as many arrays as are in use at once, up to a budget of idle bytes (<see cref="DefaultBudgetBytes"/>); values
/// larger than <see cref="MaxPooledLength"/> go to the shared pool. Each size is a stack, so the array handed out
/// next is the one returned last and still in the CPU's cache (handed out in turn, as from a queue, the same 512
/// reads ran a fifth to a third slower, each value copied into memory the cache had long dropped).
/// </summary>
internal sealed class ValueBufferPool
{
    /// <summary>Most bytes <see cref="Shared"/> keeps in arrays that no value uses.</summary>
    public const long DefaultBudgetBytes = 64L * 1024 * 1024;

    /// <summary>The largest array the pool keeps: memcached's default item size limit.</summary>
    public const int MaxPooledLength = 1024 * 1024;

    private const int MinBucketShift = 6; // 64 bytes
    private static readonly int BucketCount = BitOperations.Log2(MaxPooledLength) - MinBucketShift + 1;

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly long _budget;
    private long _kept;

    /// <param name="budgetBytes">Most bytes kept in arrays that no value uses; beyond it, returned arrays are dropped.</param>
    public ValueBufferPool(long budgetBytes = DefaultBudgetBytes)
    {
        _budget = budgetBytes;
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    /// <summary>The pool of every client in the process (a process holds one client, as the client's docs ask).</summary>
    public static ValueBufferPool Shared { get; } = new();

    /// <summary>Bytes kept in the pool's idle arrays.</summary>
    public long KeptBytes => Volatile.Read(ref _kept);

    /// <summary>An array of at least <paramref name="length"/> bytes (its content is not cleared).</summary>
    public byte[] Rent(int length)
    {
        if (length > MaxPooledLength)
        {
            return ArrayPool<byte>.Shared.Rent(length);
        }

        var bucket = BucketOf(length);
        if (_buckets[bucket].TryPop() is { } array)
        {
            Interlocked.Add(ref _kept, -array.Length);
            return array;
        }

        return GC.AllocateUninitializedArray<byte>(1 << (bucket + MinBucketShift));
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; it is dropped when the pool already keeps its budget.</summary>
    public void Return(byte[] array)
    {
        if (array.Length > MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(array);
            return;
        }

        if (!BitOperations.IsPow2(array.Length) || array.Length < 1 << MinBucketShift)
        {
            return; // not one of ours: a bucket must only hold arrays of its own size
        }

        if (Interlocked.Add(ref _kept, array.Length) > _budget)
        {
            Interlocked.Add(ref _kept, -array.Length);
            return;
        }

        _buckets[BucketOf(array.Length)].Push(array);
    }

    /// <summary>The bucket of arrays of the smallest power of two (at least 64) that holds <paramref name="length"/> bytes.</summary>
    private static int BucketOf(int length) => Math.Max(0, BitOperations.Log2((uint)Math.Max(length, 1) - 1) + 1 - MinBucketShift);

    /// <summary>The idle arrays of one size, last returned on top.</summary>
    private sealed class Bucket
    {
        private readonly Lock _lock = new();
        private byte[][] _items = new byte[16][];
        private int _count;

        public byte[]? TryPop()
        {
            lock (_lock)
            {
                if (_count == 0)
                {
                    return null;
                }

                var array = _items[--_count];
                _items[_count] = null!;
                return array;
            }
        }

        public void Push(byte[] array)
        {
            lock (_lock)
            {
                if (_count == _items.Length)
                {
                    Array.Resize(ref _items, _items.Length * 2);
                }

                _items[_count++] = array;
            }
        }
    }
}
