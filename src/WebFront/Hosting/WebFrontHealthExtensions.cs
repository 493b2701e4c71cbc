using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using WebFront.Health;

namespace Microsoft.Extensions.Hosting;

/// <summary>Health endpoints: <c>/health/live</c> (the process serves) and <c>/health/ready</c> (the Orleans client is connected to a gateway).</summary>
public static class WebFrontHealthExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Adds the readiness check.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontHealth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ClusterConnectionStatus>();
        builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnectionStatus>());
        builder.Services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("orleans-cluster", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapWebFrontOperations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }
}
