using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Sessions.Silo.Health;

/// <summary>Ready when this silo is an active member of the cluster.</summary>
internal sealed class ClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("joined the cluster")
            : HealthCheckResult.Unhealthy($"silo status is {status}"));
    }
}
