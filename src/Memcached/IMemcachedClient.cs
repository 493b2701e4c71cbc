using System.Buffers;

namespace Memcached;

/// <summary>
/// A memcached client on the meta text protocol. Thread-safe; hold one per process and reuse it.
/// Every operation either returns what the server said (<see cref="MemcachedStatus"/>) or throws
/// <see cref="MemcachedException"/> — a failure is never reported as a miss.
/// </summary>
public interface IMemcachedClient : IAsyncDisposable, IDisposable
{
    /// <summary>The configured servers, in configuration order.</summary>
    IReadOnlyList<IMemcachedNode> Nodes { get; }

    /// <summary>Raised when a node is marked down or comes back up.</summary>
    event EventHandler<NodeAvailabilityChangedEventArgs>? NodeAvailabilityChanged;

    /// <summary>Gets an item with its CAS token, client flags and remaining TTL.</summary>
    ValueTask<GetResult> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Gets an item and sets its TTL in the same round trip.</summary>
    ValueTask<GetResult> GetAndTouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets an item's CAS token, client flags and remaining TTL without transferring its value; with
    /// <paramref name="touchTtl"/>, also sets its TTL in the same round trip (memcached then reports the remaining TTL the touch replaced).
    /// </summary>
    ValueTask<GetResult> GetMetadataAsync(string key, TimeSpan? touchTtl = null, CancellationToken cancellationToken = default);

    /// <summary>Gets many items, pipelined per node; the result holds the hits only. Dispose each result.</summary>
    Task<IReadOnlyDictionary<string, GetResult>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores an item (set, add, replace, append, prepend, optionally compare-and-swap).</summary>
    ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlyMemory<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default);

    /// <summary>Stores an item given as a sequence of segments.</summary>
    ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlySequence<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default);

    /// <summary>Deletes an item; when <paramref name="cas"/> is non-zero, only if its CAS token still matches.</summary>
    ValueTask<MemcachedResult> DeleteAsync(string key, ulong cas = 0, CancellationToken cancellationToken = default);

    /// <summary>Sets an item's TTL without transferring its value.</summary>
    ValueTask<MemcachedResult> TouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Increments a counter. With <paramref name="initial"/>, a missing counter is created with that value (and <paramref name="ttl"/>).</summary>
    ValueTask<CounterResult> IncrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Decrements a counter (memcached stops at 0). With <paramref name="initial"/>, a missing counter is created.</summary>
    ValueTask<CounterResult> DecrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Invalidates every item on every node (this view's node only, for a <see cref="ForNode"/> view).</summary>
    Task FlushAllAsync(TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>Each node's <c>stats</c>, or <c>stats &lt;group&gt;</c> for one of <c>settings</c>, <c>items</c>, <c>slabs</c>, <c>sizes</c>, <c>conns</c>, <c>extstore</c>.</summary>
    /// <exception cref="ArgumentException">Another group: <c>reset</c> and <c>sizes_enable</c>/<c>sizes_disable</c> do not answer with statistics.</exception>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetStatsAsync(string? group = null, CancellationToken cancellationToken = default);

    /// <summary>Each node's server version.</summary>
    Task<IReadOnlyDictionary<string, string>> GetVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="count"/> distinct nodes for <paramref name="key"/> in ketama ring order
    /// (the key's own node first), whether up or down. Used to place replicas.
    /// </summary>
    IReadOnlyList<IMemcachedNode> GetNodesForKey(string key, int count);

    /// <summary>
    /// A view of this client whose operations all go to <paramref name="node"/>, whatever the key.
    /// It shares the client's connections; disposing the view does nothing.
    /// </summary>
    IMemcachedClient ForNode(IMemcachedNode node);
}

/// <summary>Arguments of <see cref="IMemcachedClient.NodeAvailabilityChanged"/>.</summary>
/// <param name="node">The node.</param>
/// <param name="isAvailable">Whether it is now up.</param>
public sealed class NodeAvailabilityChangedEventArgs(IMemcachedNode node, bool isAvailable) : EventArgs
{
    /// <summary>The node.</summary>
    public IMemcachedNode Node { get; } = node;

    /// <summary>Whether the node is now up.</summary>
    public bool IsAvailable { get; } = isAvailable;
}
