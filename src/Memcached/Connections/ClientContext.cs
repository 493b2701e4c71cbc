using Memcached.Diagnostics;

namespace Memcached.Connections;

/// <summary>What every node and connection of one client shares.</summary>
internal sealed class ClientContext(MemcachedClientOptions options, TimeProvider time, MemcachedMetrics metrics, ClientLog log)
{
    public MemcachedClientOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public MemcachedMetrics Metrics { get; } = metrics;

    public ClientLog Log { get; } = log;

    /// <summary>Completions queued to the thread pool and not yet run (see <see cref="CompletionBacklog"/>).</summary>
    public CompletionBacklog Completions { get; } = new();

    /// <summary><see cref="MemcachedClientOptions.OperationTimeout"/> in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long OperationTimeoutTicks { get; } = (long)(options.OperationTimeout.TotalSeconds * time.TimestampFrequency);
}
