using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Sessions.Configuration;
using Sessions.Diagnostics;

namespace Sessions;

/// <summary>What every session grain activation needs, resolved once per silo (one reference per activation keeps activations small).</summary>
internal sealed class SessionGrainServices
{
    public SessionGrainServices(IServiceProvider services, IOptions<SessionGrainOptions> options, SessionClock clock, SessionMetrics metrics, SessionStorageHealth health, ILoggerFactory loggers)
    {
        Options = options.Value;
        Storage = services.GetKeyedService<IGrainStorage>(Options.StorageName)
            ?? throw new InvalidOperationException($"No grain storage named '{Options.StorageName}' is registered (Sessions:StorageName); register one, e.g. AddMemcachedGrainStorage(\"{Options.StorageName}\").");
        Touchable = Storage as IMemcachedGrainStorage;
        Clock = clock;
        Metrics = metrics;
        Health = health;
        SessionLogger = loggers.CreateLogger<SessionGrain>();
        IndexLogger = loggers.CreateLogger<UserSessionsGrain>();
    }

    public SessionGrainOptions Options { get; }

    public IGrainStorage Storage { get; }

    /// <summary>The storage as memcached storage (touches); null for another provider, which then gets no touches.</summary>
    public IMemcachedGrainStorage? Touchable { get; }

    public SessionClock Clock { get; }

    public SessionMetrics Metrics { get; }

    public SessionStorageHealth Health { get; }

    public ILogger SessionLogger { get; }

    public ILogger IndexLogger { get; }
}
