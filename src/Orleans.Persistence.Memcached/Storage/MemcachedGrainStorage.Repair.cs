using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>Below this remaining TTL a record is about to expire everywhere: it is not copied anymore.</summary>
    private static readonly TimeSpan MinRepairTtl = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Read-repair: brings every replica that answered with no record, a corrupt one, an older one, or damaged
    /// chunks up to the record just served, with the TTL it has left. Each copy is a compare-and-swap from what
    /// the replica held, so a repair never overwrites a newer write. A failed repair is logged and counted; the
    /// read still succeeds (the next read or write repairs again).
    /// </summary>
    private async Task RepairAsync(ReplicaHeads heads, ReplicaHead served, StoredRecord record, StateAddress address)
    {
        var ttl = served.Item.RemainingTtl;
        if (ttl is { } left && left < MinRepairTtl)
        {
            return;
        }

        List<Task>? repairs = null;
        foreach (var head in heads.All)
        {
            if (head.State == HeadState.Failed || (head.HoldsAtLeast(record.Stamp) && !head.ChunksDamaged))
            {
                continue;
            }

            if (head.State == HeadState.Missing && !record.Record.IsTombstone)
            {
                RecordMissing(address, MissingReason.Replica, head.Node.Name);
            }

            (repairs ??= []).Add(RepairOneAsync(head, record, ttl, address));
        }

        if (repairs is not null)
        {
            await Task.WhenAll(repairs).ConfigureAwait(false);
        }
    }

    private async Task RepairOneAsync(ReplicaHead head, StoredRecord record, TimeSpan? ttl, StateAddress address)
    {
        try
        {
            if (head.ChunksDamaged && head.Stamp == record.Stamp)
            {
                await WriteChunksAsync(head.View, record, ttl).ConfigureAwait(false);
                if (!ChunksExpireWithRecord(ttl))
                {
                    await CommitChunksAsync(head.View, record, ttl, address).ConfigureAwait(false);
                }

                _metrics.Repaired(_name, RepairTrigger.Read);
                _log.ReplicaRepaired(_name, head.Node.Name, address.GrainType, address.StateName, RepairTrigger.Read);
                return;
            }

            await CopyAsync(head, record, ttl, address, RepairTrigger.Read).ConfigureAwait(false);
        }
        catch (MemcachedException ex)
        {
            _metrics.RepairFailed(_name);
            _log.RepairFailed(_name, head.Node.Name, address.GrainType, address.StateName, ex.Message);
        }
    }
}
