using OpenTelemetry.Metrics;
using Sessions.AspNetCore.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>Metrics for Prometheus (<c>/metrics</c>): ASP.NET Core, .NET runtime, Orleans client, session store and client helper.</summary>
public static class WebFrontTelemetryExtensions
{
    /// <summary>The meter of the session client helper.</summary>
    public const string SessionClientMeter = "Sessions.Client";

    /// <summary>Adds OpenTelemetry metrics with the Prometheus exporter.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(SessionWebMetrics.MeterName, SessionClientMeter, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }
}
