using Memcached;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Persistence.Memcached.Diagnostics;
using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>
/// Orleans grain storage on memcached. Each (state name, grain id) is one memcached item holding a
/// checksummed record; ETags are compare-and-swap tokens, so concurrent writers (for example two
/// activations of one grain) can never both succeed.
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

    /// <summary>The key mapping (tests reach under the provider with it).</summary>
    internal StateKeys Keys => _keys;
    private IMemcachedClient? _client;
    private bool _ownsClient;

    public MemcachedGrainStorage(string name, MemcachedGrainStorageOptions options, IServiceProvider services, string serviceId, ILogger<MemcachedGrainStorage> logger, StorageMetrics metrics)
    {
        _name = name;
        _options = options;
        _services = services;
        _serviceId = serviceId;
        _log = new StorageLog(logger);
        _metrics = metrics;
        _keys = new StateKeys(options.KeyPrefix ?? $"{serviceId}/");
    }

    private IMemcachedClient Client => _client ?? throw new InvalidOperationException($"Grain storage '{_name}' is used before the silo started it.");

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<MemcachedGrainStorage>(_name), _options.InitStage, StartAsync, StopAsync);

    /// <summary>Creates the provider's own client, or takes the shared one from DI.</summary>
    internal Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Client.Servers.Count > 0)
        {
            _client = ActivatorUtilities.CreateInstance<MemcachedClient>(_services, _options.Client);
            _ownsClient = true;
        }
        else
        {
            _client = _options.ClientServiceKey is { } key
                ? _services.GetRequiredKeyedService<IMemcachedClient>(key)
                : _services.GetRequiredService<IMemcachedClient>();
        }

        _log.Started(_name, _ownsClient ? string.Join(",", _options.Client.Servers) : "(shared client)", _keys.Prefix);
        return Task.CompletedTask;
    }

    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_ownsClient && _client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The TTL of a state's record: the state's own, else per state name, else per grain type, else the global one.</summary>
    private TimeSpan? TtlFor<T>(string stateName, GrainId grainId, T state) =>
        state is IExpiringGrainState { TimeToLive: { } own } ? own
        : _options.EntryTtlOverrides.Count == 0 ? _options.EntryTtl
        : _options.EntryTtlOverrides.TryGetValue(stateName, out var byState) ? byState
        : _options.EntryTtlOverrides.TryGetValue(grainId.Type.ToString()!, out var byType) ? byType
        : _options.EntryTtl;

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string? storedETag)
    {
        _metrics.Conflict(_name);
        return new InconsistentStateException(
            $"Version conflict ({operation}): ServiceId={_serviceId} ProviderName={_name} GrainType={grainId.Type} GrainId={grainId} StateName={stateName} ETag={etag ?? "(none)"}.",
            storedETag ?? "(unknown)",
            etag ?? "(none)");
    }

    private MemcachedStorageException Failure(string operation, string stateName, GrainId grainId, MemcachedException cause)
    {
        _log.OperationFailed(operation, _name, grainId.Type.ToString()!, stateName, cause.Kind, cause.Message);
        return new MemcachedStorageException(
            $"{operation} of state '{stateName}' of grain {grainId.Type} in storage '{_name}' failed: {cause.Message}", cause);
    }

    private static void ResetState<T>(IGrainState<T> grainState) => grainState.State = Activator.CreateInstance<T>();
}
