using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>
    /// Brings one replica to <paramref name="record"/>: leaves it when it holds that record or a newer one,
    /// otherwise compare-and-swaps it from what it holds (re-reading it when that changed meanwhile).
    /// Returns whether the replica holds the record (or a newer one) afterwards; one that already held this very record
    /// gets its chunks' lifetime set again. With <paramref name="repair"/>,
    /// a replica that had to be written is counted as repaired.
    /// </summary>
    private async Task<bool> CopyAsync(ReplicaHead head, StoredRecord record, TimeSpan? ttl, StateAddress address, RepairTrigger? repair)
    {
        var current = head;
        try
        {
            for (var attempt = 0; attempt <= MaxContention; attempt++)
            {
                if (current.HoldsAtLeast(record.Stamp))
                {
                    if (current.Stamp == record.Stamp && record.Manifest is not null && !ChunksExpireWithRecord(ttl))
                    {
                        // This record, stored by an earlier attempt that may have failed before its chunks left the
                        // orphan TTL: they would expire under the head.
                        await CommitChunksAsync(current.View, record, ttl, address).ConfigureAwait(false);
                    }

                    return true;
                }

                if (await TryReplaceAsync(current, record, ttl, address).ConfigureAwait(false) != 0)
                {
                    if (repair is { } trigger)
                    {
                        _metrics.Repaired(_name, trigger);
                        _log.ReplicaRepaired(_name, current.Node.Name, address.GrainType, address.StateName, trigger);
                    }

                    return true;
                }

                if (!ReferenceEquals(current, head))
                {
                    current.Dispose();
                }

                current = new ReplicaHead(head.Node, head.View);
                await current.ReadAsync(address.Key, address.Logical).ConfigureAwait(false);
            }

            return false;
        }
        finally
        {
            if (!ReferenceEquals(current, head))
            {
                current.Dispose();
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="record"/> on the node of <paramref name="head"/> if the head item is still exactly
    /// what was read (CAS on its token; add-if-absent when it was missing). Returns the new CAS token, 0 when
    /// the item had changed.
    /// </summary>
    private Task<ulong> TryReplaceAsync(ReplicaHead head, StoredRecord record, TimeSpan? ttl, StateAddress address)
    {
        if (head.State == HeadState.Failed)
        {
            throw head.Error!;
        }

        var replacedChunks = head.State == HeadState.Valid && head.Record.IsChunked && ChunkManifest.TryRead(head.Record.Body.Span, out var manifest)
            ? new ChunkSet(head.Record.Stamp.WriteId, manifest)
            : (ChunkSet?)null;
        return StoreHeadAsync(head.View, head.Node, head.State == HeadState.Missing ? 0 : head.Item.Cas, replacedChunks, record, ttl, address);
    }

    /// <summary>How the head of <paramref name="record"/> is stored: compare-and-swap from <paramref name="cas"/> (0: add-if-absent).</summary>
    private static StoreOptions HeadOptions(ulong cas, StoredRecord record, TimeSpan? ttl) => new()
    {
        Mode = cas == 0 ? StoreMode.Add : StoreMode.Set,
        Cas = cas,
        Ttl = ttl,
        Flags = record.ItemFlags,
    };

    /// <summary>The new CAS token of a stored head, 0 when it was not stored.</summary>
    private static ulong CasOf(MemcachedResult result) => result.Status == MemcachedStatus.Stored ? result.Cas : 0;

    /// <summary>
    /// Compare-and-swaps the head of <paramref name="record"/> onto one node from the item with token
    /// <paramref name="cas"/> (0: add-if-absent). The chunks go first, so a head never names chunks that are not
    /// there; the chunks of the replaced record go after. Returns the new CAS token, 0 when not stored.
    /// </summary>
    private async Task<ulong> StoreHeadAsync(IMemcachedClient view, IMemcachedNode node, ulong cas, ChunkSet? replacedChunks, StoredRecord record, TimeSpan? ttl, StateAddress address)
    {
        if (record.Manifest is not null)
        {
            await WriteChunksAsync(view, record, ttl).ConfigureAwait(false);
        }

        var result = await view.StoreAsync(address.Key, record.Head, HeadOptions(cas, record, ttl)).ConfigureAwait(false);
        if (result.Status != MemcachedStatus.Stored)
        {
            return 0;
        }

        if (record.Manifest is not null && !ChunksExpireWithRecord(ttl))
        {
            await CommitChunksAsync(view, record, ttl, address).ConfigureAwait(false);
        }

        if (replacedChunks is { } replaced && replaced.WriteId != record.Stamp.WriteId)
        {
            await RetireChunksAsync(view, node, replaced, address).ConfigureAwait(false);
        }

        return result.Cas;
    }
}
