namespace Memcached;

/// <summary>How <see cref="IMemcachedClient.StoreAsync(string, ReadOnlyMemory{byte}, StoreOptions, CancellationToken)"/> stores an item.</summary>
public enum StoreMode
{
    /// <summary>Store unconditionally (memcached <c>set</c>).</summary>
    Set,

    /// <summary>Store only if the key does not exist (<c>add</c>).</summary>
    Add,

    /// <summary>Store only if the key exists (<c>replace</c>).</summary>
    Replace,

    /// <summary>Append the value to an existing item (<c>append</c>); TTL and flags are left as they are.</summary>
    Append,

    /// <summary>Prepend the value to an existing item (<c>prepend</c>); TTL and flags are left as they are.</summary>
    Prepend,
}

/// <summary>Options of a store.</summary>
public readonly record struct StoreOptions
{
    /// <summary>The store mode. Default <see cref="StoreMode.Set"/>.</summary>
    public StoreMode Mode { get; init; }

    /// <summary>Time to live; <see langword="null"/> or <see cref="TimeSpan.Zero"/> means no expiry. Values over 30 days are sent as absolute times.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>32-bit client flags stored with the item.</summary>
    public uint Flags { get; init; }

    /// <summary>When non-zero, store only if the item's CAS token still equals this value (compare-and-swap).</summary>
    public ulong Cas { get; init; }
}
