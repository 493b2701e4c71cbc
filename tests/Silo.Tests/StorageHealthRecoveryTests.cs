using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using TestKit;

namespace Sessions.Silo.Tests;

/// <summary>Readiness recovers when memcached answers again, even when no session traffic follows the outage.</summary>
public sealed class StorageHealthRecoveryTests
{
    [Fact]
    public async Task Readiness_turns_healthy_after_memcached_returns_even_without_session_traffic()
    {
        await using var memcached = await MemcachedServer.StartAsync();
        var id = $"svc-{Guid.NewGuid():N}";
        await using var silo = SiloProcess.Start(SiloBuild.Dll, new Dictionary<string, string>
        {
            ["ConnectionStrings:memcached"] = memcached.EndPoint,
            ["Silo:ServiceId"] = id,
            ["Silo:ClusterId"] = id,
        });
        await silo.WaitReadyAsync();
        using var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .UseLocalhostClustering(silo.GatewayPort, id, id)
                .Configure<ClusterOptions>(o => { o.ClusterId = id; o.ServiceId = id; }))
            .ConfigureLogging(logging => logging.ClearProviders())
            .Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();

        await memcached.KillAsync();
        // One session is looked up during the outage (its activation cannot read storage); nothing is pending.
        await Assert.ThrowsAnyAsync<Exception>(() => grains.GetGrain<ISessionGrain>(SessionIds.Create()).LoadAsync());
        await memcached.RestartAsync();

        string body = "";
        var healthy = false;
        try
        {
            await Poll.UntilAsync(async () => (body = (await silo.GetAsync("/health/ready")).Body).StartsWith("{\"status\":\"Healthy\"", StringComparison.Ordinal), "readiness is healthy again", TimeSpan.FromSeconds(30));
            healthy = true;
        }
        catch (Exception)
        {
        }

        await host.StopAsync();
        Assert.True(healthy, $"readiness 30 s after memcached returned, no session traffic: {body}");
    }
}
