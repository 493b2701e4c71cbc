using System.Net;
using System.Text.RegularExpressions;
using TestKit;

namespace Web.Bench;

/// <summary>Everything a bench run needs on loopback: memcached, redis-server, one silo process, the four apps.</summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    public const string CookieName = ".AspNetCore.Session";

    /// <summary>
    /// .NET runtime settings of every process of the bench (the three apps and the silo alike): no thread-pool
    /// spin-waiting, which on a small, shared machine burns CPU that the processes need (set BENCH_SPIN=1 to keep the default).
    /// </summary>
    public static IReadOnlyDictionary<string, string> RuntimeSettings { get; } =
        Environment.GetEnvironmentVariable("BENCH_SPIN") == "1"
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" };

    private BenchSystem(MemcachedServer memcached, RedisServer redis, SiloProcess silo, IReadOnlyList<AppProcess> apps)
    {
        Memcached = memcached;
        Redis = redis;
        Silo = silo;
        Apps = apps;
    }

    public MemcachedServer Memcached { get; }

    public RedisServer Redis { get; }

    public SiloProcess Silo { get; }

    /// <summary>cluster, redis, none, grain — in that order.</summary>
    public IReadOnlyList<AppProcess> Apps { get; }

    public static async Task<BenchSystem> StartAsync()
    {
        MemcachedServer memcached = await MemcachedServer.StartAsync(new MemcachedServerOptions { MemoryMegabytes = 512 });
        RedisServer redis = await RedisServer.StartAsync();
        string service = $"bench-{Guid.NewGuid():N}";
        SiloProcess silo = SiloProcess.Start(Paths.SiloAssembly, new Dictionary<string, string>(RuntimeSettings)
        {
            ["Silo:Clustering"] = "Localhost",
            ["Silo:ClusterId"] = service,
            ["Silo:ServiceId"] = service,
            ["ConnectionStrings:memcached"] = memcached.EndPoint,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(120));
        AppProcess[] apps =
        [
            AppProcess.Start("cluster", "--gateway", silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--service", service),
            AppProcess.Start("redis", "--redis", redis.EndPoint),
            AppProcess.Start("none"),
            AppProcess.Start("grain", "--gateway", silo.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--service", service),
        ];
        using var http = new HttpClient();
        foreach (AppProcess app in apps)
        {
            await app.WaitReadyAsync(http, TimeSpan.FromSeconds(120));
        }

        return new BenchSystem(memcached, redis, silo, apps);
    }

    /// <summary>Creates <paramref name="count"/> sessions of 1 KB on <paramref name="app"/> and returns their cookies.</summary>
    public static async Task<IReadOnlyList<string>> CreateSessionsAsync(AppProcess app, int count)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        var cookies = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(app.Address, "/init"), ct);
            response.EnsureSuccessStatusCode();
            string setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
            cookies[i] = setCookie[(CookieName.Length + 1)..].Split(';')[0];
        });
        return cookies;
    }

    /// <summary>The antiforgery cookie and form token <paramref name="app"/>'s shop page gives a browser (one pair serves every session).</summary>
    public static async Task<ShopForm> FetchShopFormAsync(AppProcess app, string sessionCookie)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, app.Address);
        request.Headers.Add("Cookie", $"{CookieName}={sessionCookie}");
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        string html = await response.Content.ReadAsStringAsync();
        string cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];
        Match token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return token.Success ? new ShopForm(cookie, token.Groups[1].Value) : throw new InvalidOperationException($"{app.Mode}: the shop page has no form token");
    }

    /// <summary>CPU time used so far by the back-end serving <paramref name="mode"/>'s sessions (silo or redis-server).</summary>
    public TimeSpan BackendCpuTime(string mode) => mode switch
    {
        "cluster" or "grain" => CpuOf(Silo.ProcessId),
        "redis" => Redis.ProcessId is int pid ? CpuOf(pid) : TimeSpan.Zero,
        _ => TimeSpan.Zero,
    };

    private static TimeSpan CpuOf(int pid)
    {
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (AppProcess app in Apps)
        {
            await app.DisposeAsync();
        }

        await Silo.DisposeAsync();
        await Redis.DisposeAsync();
        await Memcached.DisposeAsync();
    }
}

/// <summary>Where the built silo host is (same configuration as this bench).</summary>
internal static class Paths
{
    public static string SiloAssembly
    {
        get
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
                {
                    string dll = Path.Combine(directory.FullName, "src", "Silo", "bin", configuration, "net10.0", "Sessions.Silo.dll");
                    return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the silo first ({dll}).", dll);
                }
            }

            throw new DirectoryNotFoundException("Cluster.sln not found above the bench.");
        }
    }
}
