using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;
using StackExchange.Redis;

namespace Memcached.Bench;

/// <summary>
/// An in-process silo (localhost clustering, free loopback ports) with both grain storage providers,
/// so the benchmark calls each provider's <see cref="IGrainStorage"/> exactly as Orleans would.
/// </summary>
internal sealed class StorageHost : IAsyncDisposable
{
    private readonly IHost _host;

    private StorageHost(IHost host) => _host = host;

    public IGrainStorage Memcached => _host.Services.GetRequiredKeyedService<IGrainStorage>("memcached");

    public IGrainStorage Redis => _host.Services.GetRequiredKeyedService<IGrainStorage>("redis");

    /// <summary>The named grain storage <paramref name="name"/>.</summary>
    public IGrainStorage Storage(string name) => _host.Services.GetRequiredKeyedService<IGrainStorage>(name);

    public static Task<StorageHost> StartAsync(string memcachedEndPoint, string redisEndPoint) =>
        StartAsync(silo => silo
            .AddMemcachedGrainStorage("memcached", o =>
            {
                o.Client.Servers.Add(memcachedEndPoint);
                o.Client.OperationTimeout = TimeSpan.FromSeconds(5);
            })
            .AddRedisGrainStorage("redis", o => o.ConfigurationOptions = ConfigurationOptions.Parse(redisEndPoint)));

    /// <summary>Starts a silo with the storage providers <paramref name="configure"/> registers.</summary>
    public static async Task<StorageHost> StartAsync(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout is the Markdown report
        builder.UseOrleans(silo => configure(silo.UseLocalhostClustering(FreePort(), FreePort())));
        var host = builder.Build();
        await host.StartAsync();
        return new StorageHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
