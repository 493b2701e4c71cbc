using System.Buffers;
using Memcached;

namespace Orleans.Persistence.Memcached.Tests.Support;

/// <summary>
/// A real <see cref="MemcachedClient"/> with one injected fault: the first touch of a key that <see cref="FailTouch"/>
/// matches fails as a timeout would (after nothing reached the server). Everything else goes to the real servers.
/// </summary>
public sealed class FaultingClient(IMemcachedClient inner) : IMemcachedClient
{
    private int _armed = 1;

    /// <summary>Which touch fails (once).</summary>
    public Func<string, bool> FailTouch { get; init; } = _ => false;

    /// <summary>Whether the fault has fired.</summary>
    public bool Fired => Volatile.Read(ref _armed) == 0;

    private FaultingClient Shared { get; init; } = null!;

    public IReadOnlyList<IMemcachedNode> Nodes => inner.Nodes;

    public event EventHandler<NodeAvailabilityChangedEventArgs>? NodeAvailabilityChanged
    {
        add => inner.NodeAvailabilityChanged += value;
        remove => inner.NodeAvailabilityChanged -= value;
    }

    public ValueTask<MemcachedResult> TouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var faults = Shared ?? this;
        return faults.FailTouch(key) && Interlocked.Exchange(ref faults._armed, 0) == 1
            ? ValueTask.FromException<MemcachedResult>(new MemcachedException(MemcachedErrorKind.Timeout, null, "injected: no reply within the operation timeout"))
            : inner.TouchAsync(key, ttl, cancellationToken);
    }

    public IMemcachedClient ForNode(IMemcachedNode node) => new FaultingClient(inner.ForNode(node)) { Shared = Shared ?? this };

    public ValueTask<GetResult> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public ValueTask<GetResult> GetAndTouchAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.GetAndTouchAsync(key, ttl, cancellationToken);

    public ValueTask<GetResult> GetMetadataAsync(string key, TimeSpan? touchTtl = null, CancellationToken cancellationToken = default) => inner.GetMetadataAsync(key, touchTtl, cancellationToken);

    public Task<IReadOnlyDictionary<string, GetResult>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) => inner.GetManyAsync(keys, cancellationToken);

    public ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlyMemory<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default) => inner.StoreAsync(key, value, options, cancellationToken);

    public ValueTask<MemcachedResult> StoreAsync(string key, ReadOnlySequence<byte> value, StoreOptions options = default, CancellationToken cancellationToken = default) => inner.StoreAsync(key, value, options, cancellationToken);

    public ValueTask<MemcachedResult> DeleteAsync(string key, ulong cas = 0, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cas, cancellationToken);

    public ValueTask<CounterResult> IncrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => inner.IncrementAsync(key, delta, initial, ttl, cancellationToken);

    public ValueTask<CounterResult> DecrementAsync(string key, ulong delta = 1, ulong? initial = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => inner.DecrementAsync(key, delta, initial, ttl, cancellationToken);

    public Task FlushAllAsync(TimeSpan? delay = null, CancellationToken cancellationToken = default) => inner.FlushAllAsync(delay, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetStatsAsync(string? group = null, CancellationToken cancellationToken = default) => inner.GetStatsAsync(group, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetVersionsAsync(CancellationToken cancellationToken = default) => inner.GetVersionsAsync(cancellationToken);

    public IReadOnlyList<IMemcachedNode> GetNodesForKey(string key, int count) => inner.GetNodesForKey(key, count);

    public ValueTask DisposeAsync() => Shared is null ? inner.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (Shared is null)
        {
            inner.Dispose();
        }
    }
}
