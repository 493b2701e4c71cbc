using TestKit;

namespace Sessions.Silo.Tests;

/// <summary>One real silo process: configuration errors, health endpoints, metrics, degraded storage, graceful stop.</summary>
public sealed class SiloHostTests
{
    [Fact]
    public async Task Invalid_configuration_stops_the_silo_at_start_naming_each_key()
    {
        await using var silo = SiloProcess.Start(SiloBuild.Dll, new Dictionary<string, string>
        {
            ["Silo:Clustering"] = "Redis",
            ["Silo:FailureDetection:NumMissedProbesLimit"] = "0",
            ["Silo:AdvertisedIPAddress"] = "not-an-ip",
        });

        int exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var log = silo.ReadLog();
        Assert.Contains("ConnectionStrings:redis", log, StringComparison.Ordinal);
        Assert.Contains("Silo:FailureDetection:NumMissedProbesLimit", log, StringComparison.Ordinal);
        Assert.Contains("Silo:AdvertisedIPAddress", log, StringComparison.Ordinal);
        Assert.Contains("Memcached:Servers:0", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_storage_options_bind_from_their_section_and_a_bad_one_stops_the_silo_naming_its_key()
    {
        await using var silo = SiloProcess.Start(SiloBuild.Dll, new Dictionary<string, string>
        {
            ["ConnectionStrings:memcached"] = "127.0.0.1:1",
            ["Orleans:GrainStorage:sessions:MaxItemSize"] = "100",
        });

        int exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Orleans:GrainStorage:sessions:MaxItemSize is 100", silo.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_metrics_endpoints_answer_and_readiness_turns_degraded_while_memcached_is_down()
    {
        await using var memcached = await MemcachedServer.StartAsync();
        await using var silo = SiloProcess.Start(SiloBuild.Dll, new Dictionary<string, string>
        {
            ["ConnectionStrings:memcached"] = memcached.EndPoint,
            ["Silo:ServiceId"] = $"svc-{Guid.NewGuid():N}",
        });
        await silo.WaitReadyAsync();

        var live = await silo.GetAsync("/health/live");
        var ready = await silo.GetAsync("/health/ready");
        var metrics = await silo.GetAsync("/metrics");
        await memcached.KillAsync();
        string degraded = "";
        await Poll.UntilAsync(async () => (degraded = (await silo.GetAsync("/health/ready")).Body).Contains("\"Degraded\"", StringComparison.Ordinal), "readiness reports degraded");
        await memcached.RestartAsync();
        await Poll.UntilAsync(async () => (await silo.GetAsync("/health/ready")).Body.StartsWith("{\"status\":\"Healthy\"", StringComparison.Ordinal), "readiness is healthy again", TimeSpan.FromSeconds(30));

        Assert.Equal((200, "Healthy"), live);
        Assert.Equal(200, ready.Status);
        Assert.StartsWith("{\"status\":\"Healthy\"", ready.Body, StringComparison.Ordinal);
        Assert.Equal(200, metrics.Status);
        Assert.Contains("dotnet_gc_collections_total", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("orleans_", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("\"storage\":{\"status\":\"Degraded\"", degraded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_stops_the_silo_gracefully_within_its_shutdown_timeout()
    {
        await using var memcached = await MemcachedServer.StartAsync();
        await using var silo = SiloProcess.Start(SiloBuild.Dll, new Dictionary<string, string>
        {
            ["ConnectionStrings:memcached"] = memcached.EndPoint,
            ["Silo:ShutdownTimeout"] = "00:00:10",
        });
        await silo.WaitReadyAsync();

        await silo.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, silo.ExitCode);
    }
}
