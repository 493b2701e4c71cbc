using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebFront.Diagnostics;

namespace WebFront.Health;

/// <summary>Ready when the Orleans client reaches the cluster and it has at least one active silo.</summary>
internal sealed class ClusterReadyHealthCheck(IClusterClient client, ILogger<ClusterReadyHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            Dictionary<SiloAddress, SiloStatus> silos = await client.GetGrain<IManagementGrain>(0)
                .GetHosts(onlyActive: true)
                .WaitAsync(s_timeout, cancellationToken)
                .ConfigureAwait(false);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("the cluster has no active silo");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebFrontLog.NotReady(logger, $"{ex.GetType().Name}: {ex.Message}");
            return HealthCheckResult.Unhealthy($"the cluster cannot be reached ({ex.GetType().Name})");
        }
    }
}
