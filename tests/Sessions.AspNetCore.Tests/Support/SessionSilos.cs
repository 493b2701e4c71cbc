using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Sessions.Client;
using Sessions.Client.Diagnostics;
using Sessions.Configuration;
using TestKit;

namespace Sessions.AspNetCore.Tests.Support;

/// <summary>
/// A real memcached and in-process silos hosting the real session grains on it (TCP gateways, in-process membership,
/// so any silo can be killed; failure detection tuned to a few seconds as in the silo host).
/// </summary>
public class SessionSilos : IAsyncLifetime
{
    private readonly short _silos;

    private readonly TimeSpan? _readLease;

    public SessionSilos()
        : this(2)
    {
    }

    protected SessionSilos(short silos, TimeSpan? readLease = null)
    {
        _silos = silos;
        _readLease = readLease;
    }

    public MemcachedServer Memcached { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string ServiceId { get; } = $"svc-{Guid.NewGuid():N}";

    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    /// <summary>The gateway ports of the silos started with the cluster.</summary>
    public IReadOnlyList<int> GatewayPorts { get; private set; } = [];

    /// <summary>A session client with generous budgets for test assertions (looks under the front-end).</summary>
    public ISessionClient Sessions { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Memcached = await MemcachedServer.StartAsync();
        var builder = new InProcessTestClusterBuilder(_silos);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ClusterId = ClusterId;
        string endpoint = Memcached.EndPoint;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemcachedGrainStorage("sessions", o =>
            {
                o.Client.Servers.Add(endpoint);
                o.Client.OperationTimeout = TimeSpan.FromSeconds(5);
                o.DeleteStateOnClear = true;
            });
            silo.AddSessionGrains();
            if (_readLease is { } lease)
            {
                silo.Configure<SessionGrainOptions>(o => o.ReadLease = lease);
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        GatewayPorts = [.. Cluster.Silos.Select(s => s.GatewayAddress!.Endpoint.Port)];
        Sessions = new SessionClient(
            Client,
            Options.Create(new SessionClientOptions { CallTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) }),
            new SessionClientMetrics(),
            NullLogger<SessionClient>.Instance);
    }

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Memcached.DisposeAsync();
    }

    /// <summary>The running silo whose address is <paramref name="host"/> (what a session snapshot and the pages show).</summary>
    public InProcessSiloHandle SiloAt(string host) =>
        Cluster.Silos.Single(s => s.IsActive && s.SiloAddress.ToString() == host);
}
