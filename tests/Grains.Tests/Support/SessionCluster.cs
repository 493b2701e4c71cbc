using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Sessions.Client;
using Sessions.Client.Diagnostics;
using Sessions.Diagnostics;
using Sessions.State;
using TestKit;

namespace Sessions.Tests.Support;

/// <summary>A real memcached, a TestCluster of silos hosting the session grains on it, and helpers to look under the grains.</summary>
public class SessionCluster : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _fakeClock;

    public SessionCluster()
        : this(new Dictionary<string, string?>(), fakeClock: true)
    {
    }

    protected SessionCluster(Dictionary<string, string?> settings, bool fakeClock)
    {
        _settings = settings;
        _fakeClock = fakeClock;
    }

    public MemcachedServer Memcached { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The session clock of every silo (null when the silos use the system clock).</summary>
    public FakeTimeProvider? Clock { get; private set; }

    public ISessionClient Sessions { get; private set; } = null!;

    public MemcachedClient Raw { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Memcached = await MemcachedServer.StartAsync();
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = $"svc-{Guid.NewGuid():N}";
        builder.Properties["memcached"] = Memcached.EndPoint;
        if (_fakeClock)
        {
            var (name, clock) = TestClocks.Create();
            builder.Properties["clock"] = name;
            Clock = clock;
        }

        foreach (var (key, value) in _settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SessionSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Sessions = NewClient();
        Raw = new MemcachedClient(new MemcachedClientOptions { Servers = { Memcached.EndPoint }, OperationTimeout = TimeSpan.FromSeconds(5) });
    }

    public async Task DisposeAsync()
    {
        await Raw.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Memcached.DisposeAsync();
    }

    /// <summary>A session client over the cluster's client (a second "front-end" when called twice).</summary>
    public ISessionClient NewClient(SessionClientOptions? options = null) =>
        new SessionClient(Cluster.Client, Options.Create(options ?? new SessionClientOptions { CallTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) }), new SessionClientMetrics(), NullLogger<SessionClient>.Instance);

    public IServiceProvider ServicesOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    /// <summary>The silo a snapshot says hosts the session.</summary>
    public SiloHandle HostOf(SessionSnapshot snapshot) =>
        Cluster.GetActiveSilos().Single(s => s.SiloAddress.ToString() == snapshot.Host);

    public SessionStorageHealth HealthOf(SiloHandle silo) => ServicesOf(silo).GetRequiredService<SessionStorageHealth>();

    /// <summary>The session as stored in memcached, read through the storage provider of a running silo.</summary>
    public async Task<GrainState<SessionState>> StoredAsync(string sessionId)
    {
        var storage = ServicesOf(Cluster.GetActiveSilos().First()).GetRequiredKeyedService<IGrainStorage>("sessions");
        var state = new GrainState<SessionState>(new SessionState());
        await storage.ReadStateAsync("session", GrainId.Create("session", sessionId), state);
        return state;
    }

    /// <summary>The session as stored, or null while memcached cannot be read (down, or restarted and not yet seen again by the client).</summary>
    public async Task<GrainState<SessionState>?> TryStoredAsync(string sessionId)
    {
        try
        {
            return await StoredAsync(sessionId);
        }
        catch (MemcachedStorageException)
        {
            return null;
        }
    }

    /// <summary>memcached's own count of a statistic (e.g. cmd_set, cmd_touch).</summary>
    public async Task<long> StatAsync(string name)
    {
        var stats = await Raw.GetStatsAsync();
        return long.Parse(stats.Values.Single()[name], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A new session id on a silo that is not the primary (which hosts the test cluster's membership), with one value committed.</summary>
    public async Task<(string Id, SessionSnapshot Snapshot)> SessionOnSecondaryAsync(string key = "k", byte[]? value = null)
    {
        // New sessions land on the secondary only once placement knows it is active: try fresh ones until one does.
        var secondary = Cluster.SecondarySilos[0].SiloAddress.ToString();
        (string Id, SessionSnapshot Snapshot) found = default;
        await Poll.UntilAsync(async () =>
        {
            var id = SessionIds.Create();
            await Sessions.CommitAsync(id, Commits.Set(key, value ?? [1]));
            found = (id, (await Sessions.LoadAsync(id))!);
            return found.Snapshot.Host == secondary;
        }, "a session was placed on a secondary silo", TimeSpan.FromSeconds(60));
        return found;
    }
}

/// <summary>Cluster variants.</summary>
public sealed class WriteBehindSessionCluster() : SessionCluster(
    new Dictionary<string, string?> { ["Sessions:WriteMode"] = "WriteBehind", ["Sessions:WriteBehindDelay"] = "00:00:00.200" },
    fakeClock: false);
