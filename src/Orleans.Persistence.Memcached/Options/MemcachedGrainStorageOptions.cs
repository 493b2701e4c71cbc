using Memcached;
using Orleans.Storage;

namespace Orleans.Configuration;

/// <summary>Options of a memcached grain storage provider (section <c>Orleans:GrainStorage:&lt;name&gt;</c>).</summary>
public sealed class MemcachedGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The default maximum serialized state size: 1 MiB less room for the key and record header, memcached's default item limit.</summary>
    public const int DefaultMaxStateSize = 1024 * 1024 - 2048;

    /// <summary>
    /// The provider's own memcached client (servers, timeouts, TLS, credentials). When <c>Client:Servers</c>
    /// is empty, the provider uses the <see cref="IMemcachedClient"/> registered in DI instead
    /// (keyed by <see cref="ClientServiceKey"/> when set), and never disposes it.
    /// </summary>
    public MemcachedClientOptions Client { get; } = new();

    /// <summary>The DI service key of a shared <see cref="IMemcachedClient"/>; null for the unkeyed one.</summary>
    public string? ClientServiceKey { get; set; }

    /// <summary>Prefix of every key this provider writes. Default: <c>&lt;ServiceId&gt;/</c>, so clusters of different services can share memcached.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Whether clearing a state deletes its record (true) or keeps a cleared marker with a new ETag (false, the default, as Orleans' own providers).</summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>Time to live of every record; null (default) keeps records until memcached evicts them. Over 30 days is fine.</summary>
    public TimeSpan? EntryTtl { get; set; }

    /// <summary>Per-state TTLs, keyed by state name or by grain type (state name wins); they override <see cref="EntryTtl"/>.</summary>
    public IDictionary<string, TimeSpan> EntryTtlOverrides { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>Largest serialized state accepted; a larger write fails with <see cref="MemcachedStorageException"/> and stores nothing.</summary>
    public int MaxStateSize { get; set; } = DefaultMaxStateSize;

    /// <summary>The silo lifecycle stage at which the provider starts. Default <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// The serializer. Default: <see cref="Orleans.Persistence.Memcached.Serialization.MemoryPackGrainStorageSerializer"/> over the silo's
    /// serializer (MemoryPack for <c>[MemoryPackable]</c> states, the silo's serializer for the rest).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
