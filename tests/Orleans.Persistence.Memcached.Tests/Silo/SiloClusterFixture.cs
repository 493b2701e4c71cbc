using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Silo;

/// <summary>
/// Configures test silos: memcached as the default storage and as "store" in code, and "cfg" from
/// configuration keys alone (Orleans:GrainStorage:cfg:ProviderType=Memcached).
/// </summary>
public sealed class MemcachedStorageSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var endpoint = siloBuilder.Configuration["memcached"] ?? throw new InvalidOperationException("the test cluster has no memcached endpoint");
        siloBuilder
            .AddMemcachedGrainStorageAsDefault(o => Configure(o, endpoint))
            .AddMemcachedGrainStorage("store", o => Configure(o, endpoint));
    }

    private static void Configure(MemcachedGrainStorageOptions options, string endpoint)
    {
        options.Client.Servers.Add(endpoint);
        options.Client.OperationTimeout = TimeSpan.FromSeconds(5);
    }
}

/// <summary>
/// Adds the configuration-only storage "cfg" to silos (not to the cluster client, which would look
/// for a client-side provider of that name).
/// </summary>
public sealed class ConfiguredStorageHostConfigurator : IHostConfigurator
{
    public void Configure(IHostBuilder hostBuilder) =>
        hostBuilder.ConfigureHostConfiguration(configuration =>
        {
            var endpoint = configuration.Build()["memcached"];
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orleans:GrainStorage:cfg:ProviderType"] = "Memcached",
                ["Orleans:GrainStorage:cfg:Client:Servers:0"] = endpoint,
                ["Orleans:GrainStorage:cfg:Client:OperationTimeout"] = "00:00:05",
            });
        });
}

/// <summary>Starts TestClusters of silos storing grain state in one real memcached.</summary>
public static class SiloClusters
{
    public static async Task<TestCluster> StartAsync(string memcachedEndPoint, string serviceId, short silos = 2)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Properties["memcached"] = memcachedEndPoint;
        builder.AddSiloBuilderConfigurator<MemcachedStorageSiloConfigurator>();
        builder.AddSiloBuilderConfigurator<ConfiguredStorageHostConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>One memcached and one two-silo cluster shared by a test class.</summary>
public sealed class SiloClusterFixture : IAsyncLifetime
{
    public MemcachedServer Memcached { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Memcached = await MemcachedServer.StartAsync();
        Cluster = await SiloClusters.StartAsync(Memcached.EndPoint, $"svc-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Memcached.DisposeAsync();
    }
}
