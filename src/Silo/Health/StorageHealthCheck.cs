using Memcached;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sessions.Diagnostics;

namespace Sessions.Silo.Health;

/// <summary>
/// Degraded (not unhealthy: sessions are still served from memory) while memcached does not answer a
/// <c>version</c> probe on any node, or session changes are waiting for storage.
/// </summary>
internal sealed class StorageHealthCheck(IMemcachedClient memcached, SessionStorageHealth sessions) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answering = 0;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                answering = (await memcached.GetVersionsAsync(timeout.Token).ConfigureAwait(false)).Count;
            }
            catch (Exception ex) when (ex is MemcachedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                answering = 0;
            }
        }

        var data = new Dictionary<string, object>
        {
            ["memcached_nodes_answering"] = answering,
            ["memcached_nodes"] = memcached.Nodes.Count,
            ["pending_session_writes"] = sessions.PendingWrites,
        };
        if (answering == 0)
        {
            return HealthCheckResult.Degraded("memcached does not answer; sessions are served from memory", data: data);
        }

        // A failed session operation says nothing more once every node answers the probe and no change is pending:
        // without session traffic nothing else would ever clear it.
        return sessions.PendingWrites > 0 || (sessions.IsDegraded && answering < memcached.Nodes.Count)
            ? HealthCheckResult.Degraded("session changes are waiting for memcached", data: data)
            : HealthCheckResult.Healthy("memcached reachable", data);
    }
}
