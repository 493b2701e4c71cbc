using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebFront.Diagnostics;

namespace WebFront.Health;

/// <summary>
/// Ready while the Orleans client is connected to at least one gateway: then any session can be reached, since a gateway
/// routes a call to whichever silo hosts the session. Asked of the client alone, not of the cluster: asking the
/// management grain for the silos re-reads the membership table, so a Redis restart, which running silos and
/// front-ends ride out, would take every front-end out of its Service at once; asking every silo for its statistics
/// would wait on a silo that died a moment ago until membership declares it dead.
/// </summary>
/// <remarks>
/// Until the host has started, the client is still starting (its start waits for the cluster, in the background of
/// Kestrel): a gateway may already be connected while the client cannot yet make a grain call.
/// </remarks>
internal sealed class ClusterReadyHealthCheck(ClusterConnectionStatus status, IHostApplicationLifetime lifetime, ILogger<ClusterReadyHealthCheck> logger) : IHealthCheck
{
    private int _wasReady = -1; // unknown until the first check

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the Orleans client is still connecting to the cluster"));
        }

        int gateways = status.Gateways;
        bool ready = gateways > 0;
        int before = Interlocked.Exchange(ref _wasReady, ready ? 1 : 0);
        if (!ready && before != 0)
        {
            WebFrontLog.NotReady(logger, "the Orleans client is connected to no gateway"); // once per outage, not per probe
        }

        return Task.FromResult(ready
            ? HealthCheckResult.Healthy($"connected to {gateways} gateway(s)")
            : HealthCheckResult.Unhealthy("the Orleans client is connected to no gateway (silo)"));
    }
}
