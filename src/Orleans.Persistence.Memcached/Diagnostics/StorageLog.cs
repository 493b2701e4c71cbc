using Memcached;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Diagnostics;

/// <summary>The provider's log events (source-generated). Grain keys and state contents are never logged.</summary>
internal sealed partial class StorageLog(ILogger logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Memcached grain storage {Provider} started on {Servers} with key prefix {Prefix}, {Replicas} replica(s) per state")]
    public partial void Started(string provider, string servers, string prefix, int replicas);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Memcached grain storage {Provider}: corrupt or foreign record for state {StateName} of grain type {GrainType} ({Problem}); it reads as no record")]
    public partial void CorruptRecord(string provider, string grainType, string stateName, string problem);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Memcached grain storage: {Operation} in {Provider} failed for state {StateName} of grain type {GrainType} ({Kind}): {Reason}")]
    public partial void OperationFailed(string operation, string provider, string grainType, string stateName, MemcachedErrorKind kind, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Memcached grain storage {Provider}: a record of state {StateName} of grain type {GrainType} known to exist is gone from every replica (evicted or expired); size memcached's memory and TTLs")]
    public partial void RecordMissing(string provider, string grainType, string stateName);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Memcached grain storage {Provider}: a chunk of state {StateName} of grain type {GrainType} is missing (evicted)")]
    public partial void ChunkMissing(string provider, string grainType, string stateName);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Memcached grain storage {Provider}: the replica on {Node} had no copy of state {StateName} of grain type {GrainType} (evicted, expired early, or its node restarted empty)")]
    public partial void ReplicaMissing(string provider, string node, string grainType, string stateName);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Memcached grain storage {Provider}: repaired the replica on {Node} of state {StateName} of grain type {GrainType} ({Trigger})")]
    public partial void ReplicaRepaired(string provider, string node, string grainType, string stateName, RepairTrigger trigger);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Memcached grain storage {Provider}: repairing the replica on {Node} of state {StateName} of grain type {GrainType} failed: {Reason}")]
    public partial void RepairFailed(string provider, string node, string grainType, string stateName, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Memcached grain storage {Provider}: removing replaced chunks on {Node} of state {StateName} of grain type {GrainType} failed ({Reason}); they expire or are evicted")]
    public partial void ChunkCleanupFailed(string provider, string node, string grainType, string stateName, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Memcached grain storage {Provider}: touching the replica on {Node} of state {StateName} of grain type {GrainType} failed: {Reason}")]
    public partial void ReplicaTouchFailed(string provider, string node, string grainType, string stateName, string reason);
}
