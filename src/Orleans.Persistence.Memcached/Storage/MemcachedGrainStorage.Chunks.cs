using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>
    /// Whether chunks written with the record's own TTL need nothing more: only when that TTL is no longer
    /// than the orphan TTL. Otherwise chunks start with the orphan TTL (so those of a write that never
    /// commits expire) and get the record's TTL once the head names them.
    /// </summary>
    private bool ChunksExpireWithRecord(TimeSpan? ttl) => ttl is { } t && t <= _options.ChunkOrphanTtl;

    /// <summary>Stores every chunk of <paramref name="record"/> on the node of <paramref name="view"/>, pipelined.</summary>
    private async Task WriteChunksAsync(IMemcachedClient view, StoredRecord record, TimeSpan? ttl)
    {
        var options = new StoreOptions { Ttl = ChunksExpireWithRecord(ttl) ? ttl : _options.ChunkOrphanTtl };
        var stores = new Task<MemcachedResult>[record.ChunkCount];
        for (var i = 0; i < stores.Length; i++)
        {
            stores[i] = view.StoreAsync(record.ChunkKey(i), record.Chunk(i), options).AsTask();
        }

        foreach (var result in await Task.WhenAll(stores).ConfigureAwait(false))
        {
            if (result.Status != MemcachedStatus.Stored)
            {
                throw new MemcachedException(MemcachedErrorKind.ServerError, null, $"a chunk was not stored ({result.Status})");
            }
        }
    }

    /// <summary>Gives the chunks of a committed record the record's TTL (none when it has none).</summary>
    private async Task CommitChunksAsync(IMemcachedClient view, StoredRecord record, TimeSpan? ttl, StateAddress address)
    {
        var touches = new Task<MemcachedResult>[record.ChunkCount];
        for (var i = 0; i < touches.Length; i++)
        {
            touches[i] = view.TouchAsync(record.ChunkKey(i), ttl ?? TimeSpan.Zero).AsTask();
        }

        foreach (var result in await Task.WhenAll(touches).ConfigureAwait(false))
        {
            if (!result.Succeeded)
            {
                // Evicted between its store and now: the next read finds the record damaged here and repairs it.
                RecordMissing(address, MissingReason.Chunk);
                return;
            }
        }
    }

    /// <summary>Touches the chunks named by the head stored on the node of <paramref name="view"/> (nothing when it is gone or not chunked).</summary>
    private async Task TouchChunksAsync(IMemcachedClient view, StateAddress address, TimeSpan ttl)
    {
        using var head = await view.GetAsync(address.Key).ConfigureAwait(false);
        if (!head.IsHit || !StateRecord.TryRead(head.Value, address.Logical, out var record, out _)
            || !record.IsChunked || !ChunkManifest.TryRead(record.Body.Span, out var manifest))
        {
            return;
        }

        var touches = new Task<MemcachedResult>[manifest.ChunkCount];
        for (var i = 0; i < touches.Length; i++)
        {
            touches[i] = view.TouchAsync(StateKeys.Chunk(address.ChunkBase, record.Stamp.WriteId, i), ttl).AsTask();
        }

        await Task.WhenAll(touches).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the chunks of the record a write just replaced on that node. A failure is logged and left to
    /// memcached: those chunks expire with their TTL, or are evicted, as they are never read again.
    /// </summary>
    private async Task RetireChunksAsync(IMemcachedClient view, IMemcachedNode node, ChunkSet replaced, StateAddress address)
    {
        try
        {
            var deletes = new Task<MemcachedResult>[replaced.Manifest.ChunkCount];
            for (var i = 0; i < deletes.Length; i++)
            {
                deletes[i] = view.DeleteAsync(StateKeys.Chunk(address.ChunkBase, replaced.WriteId, i)).AsTask();
            }

            await Task.WhenAll(deletes).ConfigureAwait(false);
        }
        catch (MemcachedException ex)
        {
            _log.ChunkCleanupFailed(_name, node.Name, address.GrainType, address.StateName, ex.Message);
        }
    }
}
