using System.Buffers;

namespace Memcached;

/// <summary>
/// The result of a get. On a hit the value lives in a pooled buffer owned by this result:
/// read it, copy what you keep, then <see cref="Dispose"/> the result to return the buffer.
/// </summary>
public readonly struct GetResult : IDisposable
{
    private readonly IMemoryOwner<byte>? _value;

    internal GetResult(MemcachedStatus status, IMemoryOwner<byte>? value, ulong cas, uint flags, int? remainingTtlSeconds)
    {
        Status = status;
        _value = value;
        Cas = cas;
        Flags = flags;
        RemainingTtl = remainingTtlSeconds switch
        {
            null or < 0 => null,
            { } seconds => TimeSpan.FromSeconds(seconds),
        };
    }

    /// <summary>A miss.</summary>
    public static GetResult Miss { get; } = new(MemcachedStatus.Miss, null, 0, 0, null);

    /// <summary><see cref="MemcachedStatus.Hit"/> or <see cref="MemcachedStatus.Miss"/>.</summary>
    public MemcachedStatus Status { get; }

    /// <summary>Whether the item was found.</summary>
    public bool IsHit => Status == MemcachedStatus.Hit;

    /// <summary>The value (empty on a miss). Valid until the result is disposed.</summary>
    public ReadOnlyMemory<byte> Value => _value?.Memory ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The item's CAS token, for <see cref="IMemcachedClient.StoreAsync(string, ReadOnlyMemory{byte}, StoreOptions, CancellationToken)"/> with <see cref="StoreOptions.Cas"/>.</summary>
    public ulong Cas { get; }

    /// <summary>The item's 32-bit client flags.</summary>
    public uint Flags { get; }

    /// <summary>Time left before the item expires; <see langword="null"/> when it never expires or on a miss.</summary>
    public TimeSpan? RemainingTtl { get; }

    /// <summary>Copies the value into a new array.</summary>
    public byte[] ToArray() => Value.ToArray();

    /// <summary>Returns the value's buffer to the pool. Safe to call more than once.</summary>
    public void Dispose() => _value?.Dispose();
}
