using TestKit;

namespace WebFront.Tests.Support;

/// <summary>
/// The whole system on loopback, as real processes: memcached, Redis (membership and the shared data-protection key
/// ring), three silos (<c>dotnet Sessions.Silo.dll</c>, Redis clustering) and two WebFront processes, A and B.
/// </summary>
public sealed class WebFrontCluster : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly string _clusterId = $"web-{Guid.NewGuid():N}";

    public MemcachedServer Memcached { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public List<SiloProcess> Silos { get; } = [];

    public WebFrontProcess A { get; private set; } = null!;

    public WebFrontProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Memcached = await MemcachedServer.StartAsync();
        Redis = await RedisServer.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            Silos.Add(StartSilo());
        }

        await Task.WhenAll(Silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(180))));
        WebFrontProcess[] fronts = await Task.WhenAll(StartFrontAsync("front-A"), StartFrontAsync("front-B"));
        (A, B) = (fronts[0], fronts[1]);
        await Task.WhenAll(fronts.Select(WaitReadyAsync));
    }

    public async Task DisposeAsync()
    {
        foreach (WebFrontProcess? front in new[] { A, B })
        {
            if (front is not null)
            {
                await front.DisposeAsync();
            }
        }

        foreach (SiloProcess silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Memcached.DisposeAsync();
    }

    /// <summary>The running silo a page or snapshot names as the session's host (its address "S127.0.0.1:port:generation").</summary>
    public SiloProcess SiloHosting(string host) =>
        Silos.Single(s => !s.HasExited && host.StartsWith($"S{s.SiloEndPoint}:", StringComparison.Ordinal));

    /// <summary>Starts one more silo (to keep three after a test killed one).</summary>
    public async Task AddSiloAsync()
    {
        SiloProcess silo = StartSilo();
        Silos.Add(silo);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(180));
    }

    private SiloProcess StartSilo() => SiloProcess.Start(RepoPaths.SiloAssembly, Quiet(SiloProcess.RedisClustered(_clusterId, Redis.EndPoint, Memcached.EndPoint)));

    /// <summary>Warnings and errors only in the silo's log.</summary>
    internal static Dictionary<string, string> Quiet(Dictionary<string, string> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    /// <summary>The Redis key of the shared data-protection key ring (WebFront's default).</summary>
    public const string KeyRingKey = "ClusterSessions:DataProtection-Keys";

    private Task<WebFrontProcess> StartFrontAsync(string name) => WebFrontProcess.StartAsync(name, new Dictionary<string, string>
    {
        ["WebFront:InstanceName"] = name,
        ["Silo:Clustering"] = "Redis",
        ["Silo:ClusterId"] = _clusterId,
        ["Silo:ServiceId"] = _clusterId,
        ["ConnectionStrings:redis"] = Redis.EndPoint,
        ["DataProtection:KeyRing"] = "Redis",
        ["Admin:ApiKey"] = AdminKey,
        ["SessionClient:TotalTimeout"] = "00:00:30",
        ["Session:IOTimeout"] = "00:00:30",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:WebFront.DataProtection"] = "Information",
    });

    private static async Task WaitReadyAsync(WebFrontProcess front)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        using HttpResponseMessage ready = await http.GetAsync(new Uri(front.Address, "/health/ready"));
                        return ready.IsSuccessStatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                },
                $"{front.Name} is ready (its Orleans client reaches the silos)",
                TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Output of {front.Name}:\n{front.Output}", ex);
        }
    }
}
