using Memcached;
using Orleans.Storage;

namespace Orleans.Configuration;

/// <summary>Options of a memcached grain storage provider (section <c>Orleans:GrainStorage:&lt;name&gt;</c>).</summary>
public sealed class MemcachedGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The default maximum serialized state size: 16 MiB (states above memcached's item size are chunked).</summary>
    public const int DefaultMaxStateSize = 16 * 1024 * 1024;

    /// <summary>The default item size limit of memcached (<c>-I</c>): 1 MiB.</summary>
    public const int DefaultMaxItemSize = 1024 * 1024;

    /// <summary>The default size above which a serialized state is LZ4-compressed: 128 KiB.</summary>
    public const int DefaultCompressionThreshold = 128 * 1024;

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

    /// <summary>Largest serialized state accepted; a larger write fails with <see cref="MemcachedStorageException"/> and stores nothing. Default 16 MiB.</summary>
    public int MaxStateSize { get; set; } = DefaultMaxStateSize;

    /// <summary>
    /// memcached's item size limit (its <c>-I</c> option, 1 MiB by default). A stored state whose record
    /// would not fit is split into chunks of about this size, each its own item.
    /// </summary>
    public int MaxItemSize { get; set; } = DefaultMaxItemSize;

    /// <summary>Serialized states of at least this many bytes are LZ4-compressed (kept only when smaller); null never compresses. Default 128 KiB.</summary>
    public int? CompressionThreshold { get; set; } = DefaultCompressionThreshold;

    /// <summary>
    /// Copies of every state, each on a distinct memcached node (the key's first nodes on the ketama ring
    /// that are up). Null (default): 2 when the client has at least 2 nodes, else 1.
    /// </summary>
    public int? ReplicaCount { get; set; }

    /// <summary>
    /// Copies a write must have stored before it is acknowledged. Null (default): every replica whose
    /// node is up (at least one). A number (1 to <see cref="ReplicaCount"/>) fails writes that cannot reach that many.
    /// </summary>
    public int? WriteQuorum { get; set; }

    /// <summary>
    /// TTL of the chunks of a large state until its record is committed; chunks of a write that never
    /// commits (a lost race, a crash) expire after it. Not bindable; tests shorten it.
    /// </summary>
    internal TimeSpan ChunkOrphanTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>TTL of the tombstone that <see cref="DeleteStateOnClear"/> leaves when the record has no TTL of its own.</summary>
    internal TimeSpan TombstoneTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The silo lifecycle stage at which the provider starts. Default <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// The serializer. Default: <see cref="Orleans.Persistence.Memcached.Serialization.MemoryPackGrainStorageSerializer"/> over the silo's
    /// serializer (MemoryPack for <c>[MemoryPackable]</c> states, the silo's serializer for the rest).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
