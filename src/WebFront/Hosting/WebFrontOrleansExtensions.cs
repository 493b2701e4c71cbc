using Microsoft.Extensions.Options;
using Orleans.Configuration;
using WebFront.Diagnostics;
using WebFront.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The front-end's Orleans client: clustering as the silos (Localhost or Redis), connection retries, the session client helper (section <c>SessionClient</c>).</summary>
public static class WebFrontOrleansExtensions
{
    /// <summary>
    /// Adds the Orleans client from the <c>Orleans</c> section (and <c>ConnectionStrings:redis</c> for Redis clustering).
    /// The client keeps trying to reach the cluster while the front-end is up; <c>/health/ready</c> says when it can.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddWebFrontOrleansClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        OrleansClientOptions options = WebFrontConfiguration.Bind<OrleansClientOptions>(builder, OrleansClientOptions.SectionName);
        string? redis = options.IsRedis ? WebFrontConfiguration.RequireRedis(builder, $"{OrleansClientOptions.SectionName}:Clustering is Redis") : null;

        // Kestrel (and so /health/live) must not wait for the cluster: the client connects in the background.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            if (redis is not null)
            {
                client.UseRedisClustering(redis);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = options.ClusterId;
                    o.ServiceId = options.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering([.. options.EffectiveGatewayPorts], options.ServiceId, options.ClusterId);
            }

            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));

            // A call to a silo that died is not left waiting Orleans' default 30 s: the session client's per-call
            // timeout (SessionClient:CallTimeout) ends it and retries, and Orleans' own timeout matches it.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2));
            client.UseConnectionRetryFilter<ConnectForeverFilter>();
            client.AddSessionGrainClient();
        });
        return builder;
    }

    /// <summary>Retries the first connection to the cluster every 2 seconds, logging each failure.</summary>
    private sealed class ConnectForeverFilter(ILogger<ConnectForeverFilter> logger) : IClientConnectionRetryFilter
    {
        private int _attempts;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            WebFrontLog.ClusterConnectFailed(logger, ++_attempts, exception.GetType().Name);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
