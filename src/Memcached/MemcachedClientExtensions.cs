namespace Memcached;

/// <summary>Shorthands for <see cref="IMemcachedClient.StoreAsync(string, ReadOnlyMemory{byte}, StoreOptions, CancellationToken)"/>.</summary>
public static class MemcachedClientExtensions
{
    /// <summary>Stores unconditionally.</summary>
    public static ValueTask<MemcachedResult> SetAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, uint flags = 0, CancellationToken cancellationToken = default) =>
        Store(client, key, value, new StoreOptions { Mode = StoreMode.Set, Ttl = ttl, Flags = flags }, cancellationToken);

    /// <summary>Stores only if the key does not exist; <see cref="MemcachedStatus.NotStored"/> otherwise.</summary>
    public static ValueTask<MemcachedResult> AddAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, uint flags = 0, CancellationToken cancellationToken = default) =>
        Store(client, key, value, new StoreOptions { Mode = StoreMode.Add, Ttl = ttl, Flags = flags }, cancellationToken);

    /// <summary>Stores only if the key exists; <see cref="MemcachedStatus.NotStored"/> otherwise.</summary>
    public static ValueTask<MemcachedResult> ReplaceAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, uint flags = 0, CancellationToken cancellationToken = default) =>
        Store(client, key, value, new StoreOptions { Mode = StoreMode.Replace, Ttl = ttl, Flags = flags }, cancellationToken);

    /// <summary>Appends to an existing item; <see cref="MemcachedStatus.NotStored"/> when it is missing.</summary>
    public static ValueTask<MemcachedResult> AppendAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        Store(client, key, value, new StoreOptions { Mode = StoreMode.Append }, cancellationToken);

    /// <summary>Prepends to an existing item; <see cref="MemcachedStatus.NotStored"/> when it is missing.</summary>
    public static ValueTask<MemcachedResult> PrependAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        Store(client, key, value, new StoreOptions { Mode = StoreMode.Prepend }, cancellationToken);

    /// <summary>
    /// Stores only if the item's CAS token still equals <paramref name="cas"/>: <see cref="MemcachedStatus.Stored"/>
    /// with the new token, <see cref="MemcachedStatus.Exists"/> if it changed, <see cref="MemcachedStatus.NotFound"/> if it is gone.
    /// </summary>
    public static ValueTask<MemcachedResult> CompareAndSetAsync(this IMemcachedClient client, string key, ReadOnlyMemory<byte> value, ulong cas, TimeSpan? ttl = null, uint flags = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cas);
        return Store(client, key, value, new StoreOptions { Mode = StoreMode.Set, Ttl = ttl, Flags = flags, Cas = cas }, cancellationToken);
    }

    private static ValueTask<MemcachedResult> Store(IMemcachedClient client, string key, ReadOnlyMemory<byte> value, StoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.StoreAsync(key, value, options, cancellationToken);
    }
}
