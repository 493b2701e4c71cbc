using System.Net;
using System.Text;
using TestKit;
using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>
/// Redis holds only the membership table and the key ring: while it restarts, running silos and front-ends keep
/// serving sessions (deploy/k8s/README.md), so a front-end must stay ready. Its own system: Redis is killed here.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_front_end_stays_ready_while_Redis_is_down_and_sessions_work_and_is_not_ready_without_a_silo()
    {
        string clusterId = $"ready-{Guid.NewGuid():N}";
        await using MemcachedServer memcached = await MemcachedServer.StartAsync();
        await using RedisServer redis = await RedisServer.StartAsync();
        await using SiloProcess silo = SiloProcess.Start(RepoPaths.SiloAssembly, WebFrontCluster.Quiet(SiloProcess.RedisClustered(clusterId, redis.EndPoint, memcached.EndPoint)));
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(180));
        await using WebFrontProcess front = await WebFrontProcess.StartAsync("front-R", new Dictionary<string, string>
        {
            ["Silo:Clustering"] = "Redis",
            ["Silo:ClusterId"] = clusterId,
            ["Silo:ServiceId"] = clusterId,
            ["ConnectionStrings:redis"] = redis.EndPoint,
            ["DataProtection:KeyRing"] = "Redis",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        });

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(async () => (await http.GetAsync(new Uri(front.Address, "/health/ready"))).IsSuccessStatusCode, "the front-end is ready", TimeSpan.FromSeconds(120));
        using var visitor = new Browserless();
        using (HttpResponseMessage first = await visitor.Http.PutAsync(new Uri(front.Address, "/api/session/cart"), new StringContent("tea", Encoding.UTF8)))
        {
            Assert.True(first.StatusCode == HttpStatusCode.NoContent, $"first PUT: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("tea", await visitor.Http.GetStringAsync(new Uri(front.Address, "/api/session/cart")));

        await redis.KillAsync();

        // Sampled without pause for a few gateway-list refreshes (every 2 s, from Redis): two failed readiness probes
        // (periodSeconds 5, failureThreshold 2) take a pod out of the Service.
        var failures = new List<string>();
        int samples = 0;
        DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        while (DateTime.UtcNow < until)
        {
            samples++;
            using HttpResponseMessage value = await visitor.Http.GetAsync(new Uri(front.Address, "/api/session/cart"));
            using HttpResponseMessage put = await visitor.Http.PutAsync(new Uri(front.Address, "/api/session/n"), new StringContent(samples.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using HttpResponseMessage ready = await http.GetAsync(new Uri(front.Address, "/health/ready"));
            string seen = $"session GET {(int)value.StatusCode} {await value.Content.ReadAsStringAsync()}, PUT {(int)put.StatusCode}, ready {(int)ready.StatusCode}";
            if (seen != "session GET 200 tea, PUT 204, ready 200")
            {
                failures.Add(seen);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {samples} samples with Redis down:\n" + string.Join("\n", failures.Take(10)));

        // With no silo left to connect to, it is not ready.
        await silo.KillAsync();
        await Poll.UntilAsync(async () => (await http.GetAsync(new Uri(front.Address, "/health/ready"))).StatusCode == HttpStatusCode.ServiceUnavailable, "the front-end is not ready without a silo", TimeSpan.FromSeconds(60));
    }
}
