using Memcached;
using Microsoft.Extensions.Logging;

namespace Orleans.Persistence.Memcached.Diagnostics;

/// <summary>The provider's log events (source-generated). Grain keys and state contents are never logged.</summary>
internal sealed partial class StorageLog(ILogger logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Memcached grain storage {Provider} started on {Servers} with key prefix {Prefix}")]
    public partial void Started(string provider, string servers, string prefix);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Memcached grain storage {Provider}: corrupt or foreign record for state {StateName} of grain type {GrainType} ({Problem}); it reads as no record")]
    public partial void CorruptRecord(string provider, string grainType, string stateName, string problem);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Memcached grain storage: {Operation} in {Provider} failed for state {StateName} of grain type {GrainType} ({Kind}): {Reason}")]
    public partial void OperationFailed(string operation, string provider, string grainType, string stateName, MemcachedErrorKind kind, string reason);
}
