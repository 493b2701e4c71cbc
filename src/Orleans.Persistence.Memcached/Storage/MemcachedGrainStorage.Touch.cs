using Memcached;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// Touches the head on every live replica at once (a meta touch that returns the item's flags, not its
    /// value) and, for a chunked state, its chunks too. True when some replica holds a record.
    /// </remarks>
    public async Task<bool> TouchAsync(string stateName, GrainId grainId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var address = Address(stateName, grainId);
        var targets = Targets(address.Key);
        if (targets.Count == 0)
        {
            throw Unavailable("Touch", address, last: null);
        }

        var touches = new Task<(bool Found, MemcachedException? Error)>[targets.Count];
        for (var i = 0; i < touches.Length; i++)
        {
            touches[i] = TouchReplicaAsync(targets[i].View, address, ttl, cancellationToken);
        }

        var found = false;
        MemcachedException? error = null;
        var failed = 0;
        foreach (var (hit, failure) in await Task.WhenAll(touches).ConfigureAwait(false))
        {
            found |= hit;
            if (failure is not null)
            {
                error ??= failure;
                failed++;
                _log.ReplicaTouchFailed(_name, failure.Node ?? "?", address.GrainType, address.StateName, failure.Message);
            }
        }

        // One replica that took the touch is enough: a replica whose copy expires early is repaired on the next read.
        return failed == touches.Length ? throw Failure("Touch", address, error!) : found;
    }

    /// <summary>Touches one replica; true when it holds a record that is not a tombstone.</summary>
    private async Task<(bool Found, MemcachedException? Error)> TouchReplicaAsync(IMemcachedClient view, StateAddress address, TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            using var head = await view.GetMetadataAsync(address.Key, ttl, cancellationToken).ConfigureAwait(false);
            if (!head.IsHit)
            {
                return (false, null);
            }

            if ((head.Flags & StoredRecord.ChunkedItemFlag) != 0)
            {
                await TouchChunksAsync(view, address, ttl).ConfigureAwait(false);
            }

            return ((head.Flags & StoredRecord.TombstoneItemFlag) == 0, null);
        }
        catch (MemcachedException ex)
        {
            return (false, ex);
        }
    }
}
