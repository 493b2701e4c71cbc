using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>
/// Orleans grain storage on memcached. Each (state name, grain id) is a checksummed record kept on
/// <c>ReplicaCount</c> nodes; writes are decided by a compare-and-swap on the first live replica and then
/// copied to the others, reads take the newest copy and repair the rest (see the package README).
/// </summary>
internal sealed partial class MemcachedGrainStorage : IMemcachedGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly MemcachedGrainStorageOptions _options;
    private readonly IServiceProvider _services;
    private readonly StorageLog _log;
    private readonly StorageMetrics _metrics;
    private readonly StateKeys _keys;
    private readonly TimeProvider _time;
    private IMemcachedClient? _client;
    private bool _ownsClient;
    private Dictionary<IMemcachedNode, IMemcachedClient> _views = [];
    private int _replicas = 1;
    private int _attempts = 4;

    public MemcachedGrainStorage(string name, MemcachedGrainStorageOptions options, IServiceProvider services, string serviceId, ILogger<MemcachedGrainStorage> logger, StorageMetrics metrics)
    {
        _name = name;
        _options = options;
        _services = services;
        _serviceId = serviceId;
        _log = new StorageLog(logger);
        _metrics = metrics;
        _keys = new StateKeys(options.KeyPrefix ?? $"{serviceId}/");
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <summary>The key mapping (tests reach under the provider with it).</summary>
    internal StateKeys Keys => _keys;

    /// <summary>The client (tests watch its nodes and read each one directly).</summary>
    internal IMemcachedClient Client => _client ?? throw new InvalidOperationException($"Grain storage '{_name}' is used before the silo started it.");

    /// <summary>Copies kept of every state.</summary>
    internal int ReplicaCount => _replicas;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<MemcachedGrainStorage>(_name), _options.InitStage, StartAsync, StopAsync);

    /// <summary>Creates the provider's own client, or takes the shared one from DI, and settles the replica count.</summary>
    internal Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Client.Servers.Count > 0)
        {
            _client = ActivatorUtilities.CreateInstance<MemcachedClient>(_services, _options.Client);
            _ownsClient = true;
            _attempts = _options.Client.FailureThreshold + 1;
        }
        else
        {
            _client = _options.ClientServiceKey is { } key
                ? _services.GetRequiredKeyedService<IMemcachedClient>(key)
                : _services.GetRequiredService<IMemcachedClient>();
        }

        var nodes = _client.Nodes;
        var errors = MemcachedGrainStorageOptionsValidator.CheckReplication(_options, $"Orleans:GrainStorage:{_name}", nodes.Count).ToList();
        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException($"Invalid configuration of memcached grain storage '{_name}': {string.Join(" ", errors)}");
        }

        _replicas = _options.ReplicaCount ?? Math.Min(2, nodes.Count);
        _views = nodes.ToDictionary(n => n, n => _client.ForNode(n));
        _log.Started(_name, _ownsClient ? string.Join(",", _options.Client.Servers) : "(shared client)", _keys.Prefix, _replicas);
        return Task.CompletedTask;
    }

    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_ownsClient && _client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Where the state behind <paramref name="key"/> lives now: its first <see cref="ReplicaCount"/> nodes in
    /// ketama ring order that are up. When a node goes down the next one on the ring takes its place.
    /// </summary>
    private List<(IMemcachedNode Node, IMemcachedClient View)> Targets(string key)
    {
        var client = Client;
        var targets = new List<(IMemcachedNode, IMemcachedClient)>(_replicas);
        if (client.Nodes is [var single])
        {
            if (single.IsAvailable)
            {
                targets.Add((single, _views[single]));
            }

            return targets;
        }

        foreach (var node in client.GetNodesForKey(key, client.Nodes.Count))
        {
            if (node.IsAvailable)
            {
                targets.Add((node, _views[node]));
                if (targets.Count == _replicas)
                {
                    break;
                }
            }
        }

        return targets;
    }

    /// <summary>
    /// With a single replica, the node that holds the state behind <paramref name="key"/> when it is up (as
    /// <see cref="Targets"/> would give, without building the list); false otherwise.
    /// </summary>
    private bool TryPrimary(string key, out IMemcachedNode node, out IMemcachedClient view)
    {
        if (_replicas == 1)
        {
            if (Client.Nodes is [var single])
            {
                if (single.IsAvailable)
                {
                    (node, view) = (single, _views[single]);
                    return true;
                }
            }
            else if (Targets(key) is [var only])
            {
                (node, view) = only;
                return true;
            }
        }

        (node, view) = (null!, null!);
        return false;
    }

    /// <summary>The TTL of a state's record: the state's own, else per state name, else per grain type, else the global one.</summary>
    private TimeSpan? TtlFor<T>(string stateName, GrainId grainId, T state) =>
        state is IExpiringGrainState { TimeToLive: { } own } ? own
        : _options.EntryTtlOverrides.Count == 0 ? _options.EntryTtl
        : _options.EntryTtlOverrides.TryGetValue(stateName, out var byState) ? byState
        : _options.EntryTtlOverrides.TryGetValue(grainId.Type.ToString()!, out var byType) ? byType
        : _options.EntryTtl;

    private StateAddress Address(string stateName, GrainId grainId)
    {
        var logical = StateKeys.Logical(stateName, grainId);
        return new StateAddress(stateName, grainId, logical, _keys.Memcached(logical), _keys);
    }

    private InconsistentStateException Conflict(string operation, StateAddress address, string? etag, string? storedETag)
    {
        _metrics.Conflict(_name);
        return new InconsistentStateException(
            $"Version conflict ({operation}): ServiceId={_serviceId} ProviderName={_name} GrainType={address.GrainId.Type} GrainId={address.GrainId} StateName={address.StateName} ETag={etag ?? "(none)"}.",
            storedETag ?? "(none)",
            etag ?? "(none)");
    }

    private MemcachedStorageException Failure(string operation, StateAddress address, MemcachedException cause)
    {
        _metrics.Failed(_name, operation, cause.Kind);
        _log.OperationFailed(operation, _name, address.GrainId.Type.ToString()!, address.StateName, cause.Kind, cause.Message);
        return IsUnreachable(cause)
            ? new MemcachedStorageUnavailableException(
                $"{operation} of state '{address.StateName}' of grain {address.GrainId.Type} in storage '{_name}' failed: no replica answered ({cause.Message}). Storage resumes by itself when memcached nodes return.", cause)
            : new MemcachedStorageException(
                $"{operation} of state '{address.StateName}' of grain {address.GrainId.Type} in storage '{_name}' failed: {cause.Message}", cause);
    }

    /// <summary>Every replica node of the state is marked down: fail at once, the client's probes bring them back.</summary>
    private MemcachedStorageUnavailableException Unavailable(string operation, StateAddress address, MemcachedException? last)
    {
        var cause = last ?? new MemcachedException(MemcachedErrorKind.NoNodeAvailable, null, "every memcached node is marked down");
        _metrics.Failed(_name, operation, MemcachedErrorKind.NoNodeAvailable);
        _log.OperationFailed(operation, _name, address.GrainId.Type.ToString()!, address.StateName, MemcachedErrorKind.NoNodeAvailable, cause.Message);
        return new MemcachedStorageUnavailableException(
            $"{operation} of state '{address.StateName}' of grain {address.GrainId.Type} in storage '{_name}' failed: no memcached node is available ({Client.Nodes.Count} configured, all marked down). Storage resumes by itself when they return.", cause);
    }

    private static bool IsUnreachable(MemcachedException error) =>
        error.Kind is MemcachedErrorKind.Timeout or MemcachedErrorKind.ConnectionFailed or MemcachedErrorKind.NodeDown or MemcachedErrorKind.NoNodeAvailable;

    /// <summary>Before another attempt: gives a failing node that is not marked down yet a moment (its next failure may mark it).</summary>
    private Task BackOffAsync(int attempt) => Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), _time);

    private static void ResetState<T>(IGrainState<T> grainState) => grainState.State = Activator.CreateInstance<T>();
}
