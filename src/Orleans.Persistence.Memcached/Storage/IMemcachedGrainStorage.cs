using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>
/// What memcached grain storage offers beyond <see cref="IGrainStorage"/>: refreshing a record's TTL
/// without rewriting it (sliding expiration). Resolve the named <see cref="IGrainStorage"/> and cast.
/// </summary>
public interface IMemcachedGrainStorage : IGrainStorage
{
    /// <summary>
    /// Sets the TTL of the stored record of <paramref name="stateName"/> of <paramref name="grainId"/>
    /// (a meta touch: the value is neither read nor written). Returns false when there is no record.
    /// </summary>
    /// <exception cref="MemcachedStorageException">memcached could not be reached.</exception>
    Task<bool> TouchAsync(string stateName, GrainId grainId, TimeSpan ttl, CancellationToken cancellationToken = default);
}

/// <summary>
/// Implemented by a state type that chooses the TTL of its own record (for example a session with a
/// per-session idle timeout). The provider asks it on every write and tells it, on every read, how
/// long the stored record has left.
/// </summary>
public interface IExpiringGrainState
{
    /// <summary>The TTL of the record written for this state; null uses the provider's configured TTL.</summary>
    TimeSpan? TimeToLive { get; }

    /// <summary>
    /// Set by the provider after a read: the stored record's remaining TTL in memcached (which
    /// <see cref="IMemcachedGrainStorage.TouchAsync"/> may have extended since the last write); null when
    /// it never expires. Not stored.
    /// </summary>
    TimeSpan? RemainingTimeToLive { get; set; }
}
