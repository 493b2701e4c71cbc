namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>Eviction awareness: counts (and logs) stored data found missing, so operators can size memcached.</summary>
    private void RecordMissing(StateAddress address, MissingReason reason, string? node = null)
    {
        _metrics.Missing(_name, reason);
        switch (reason)
        {
            case MissingReason.Record:
                _log.RecordMissing(_name, address.GrainType, address.StateName);
                break;
            case MissingReason.Chunk:
                _log.ChunkMissing(_name, address.GrainType, address.StateName);
                break;
            default:
                _log.ReplicaMissing(_name, node ?? "?", address.GrainType, address.StateName);
                break;
        }
    }
}
