using System.Text.Json;
using Memcached;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Persistence.Memcached.Diagnostics;
using Sessions.Client.Diagnostics;
using Sessions.Diagnostics;
using Sessions.Silo.Health;
using Sessions.Silo.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Health checks, Prometheus metrics and the dashboard on the silo's HTTP port.</summary>
internal static class SiloTelemetryExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>Registers health checks and OpenTelemetry metrics (Orleans, .NET runtime, memcached client, storage, sessions).</summary>
    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.Orleans", MemcachedClient.MeterName, StorageMetrics.MeterName, SessionMetrics.MeterName, SessionClientMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c> and, when enabled, the dashboard.</summary>
    public static WebApplication MapSiloEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        var options = app.Services.GetRequiredService<SiloHostOptions>();
        if (options.Dashboard.Enabled)
        {
            Orleans.Dashboard.ServiceCollectionExtensions.MapOrleansDashboard(app, options.Dashboard.Path);
        }

        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
    }
}
