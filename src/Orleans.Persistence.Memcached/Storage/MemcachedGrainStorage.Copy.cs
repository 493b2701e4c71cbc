using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>
    /// Brings one replica to <paramref name="record"/>: leaves it when it holds that record or a newer one,
    /// otherwise compare-and-swaps it from what it holds (re-reading it when that changed meanwhile).
    /// Returns whether the replica holds the record (or a newer one) afterwards. With <paramref name="repair"/>,
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
                    return true;
                }

                if (await TryReplaceAsync(current, record, ttl, address).ConfigureAwait(false))
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
    /// what was read (CAS on its token; add-if-absent when it was missing). The chunks go first, so a head never
    /// names chunks that are not there; the replaced record's chunks are removed after.
    /// </summary>
    private async Task<bool> TryReplaceAsync(ReplicaHead head, StoredRecord record, TimeSpan? ttl, StateAddress address)
    {
        if (head.State == HeadState.Failed)
        {
            throw head.Error!;
        }

        if (record.Manifest is not null)
        {
            await WriteChunksAsync(head.View, record, ttl).ConfigureAwait(false);
        }

        var missing = head.State == HeadState.Missing;
        var options = new StoreOptions
        {
            Mode = missing ? StoreMode.Add : StoreMode.Set,
            Cas = missing ? 0 : head.Item.Cas,
            Ttl = ttl,
            Flags = record.ItemFlags,
        };
        var result = await head.View.StoreAsync(address.Key, record.Head, options).ConfigureAwait(false);
        if (result.Status != MemcachedStatus.Stored)
        {
            return false;
        }

        if (record.Manifest is not null && !ChunksExpireWithRecord(ttl))
        {
            await CommitChunksAsync(head.View, record, ttl, address).ConfigureAwait(false);
        }

        if (head.State == HeadState.Valid && head.Record.IsChunked && head.Record.Stamp.WriteId != record.Stamp.WriteId)
        {
            await RetireChunksAsync(head, address).ConfigureAwait(false);
        }

        return true;
    }
}
