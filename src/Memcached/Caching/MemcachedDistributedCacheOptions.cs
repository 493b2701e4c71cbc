namespace Memcached.Caching;

/// <summary>Options of <see cref="MemcachedDistributedCache"/>.</summary>
public sealed class MemcachedDistributedCacheOptions
{
    /// <summary>Prepended to every cache key, to share servers between applications. Default: none.</summary>
    public string KeyPrefix { get; set; } = string.Empty;
}
