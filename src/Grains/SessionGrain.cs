using Orleans.Runtime;
using Sessions.Configuration;
using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

/// <summary>
/// One session. The activation owns the session's state: loads are answered from memory, commits
/// apply a delta and are written to storage (write-through by default), touches refresh memcached's
/// TTL at most once per interval, and an idle activation is collected long before the idle timeout.
/// Not reentrant: calls on one session run one at a time, so a commit is applied whole before the
/// next load or commit sees the session.
/// </summary>
[GrainType("session")]
[CollectionAgeLimit(Minutes = ActivationIdleMinutes)]
internal sealed partial class SessionGrain : Grain, ISessionGrain, ISessionControlGrain
{
    /// <summary>An idle activation is collected after this many minutes (memory); the session lives on in storage.</summary>
    public const int ActivationIdleMinutes = 2;

    /// <summary>The state name of sessions in storage.</summary>
    public const string StateName = "session";

    private readonly SessionGrainServices _services;
    private readonly GrainState<SessionState> _record = new(new SessionState());
    private DateTimeOffset _lastStorageContact;

    public SessionGrain(SessionGrainServices services) => _services = services;

    private SessionGrainOptions Options => _services.Options;

    private SessionState Current => _record.State!;

    private DateTimeOffset Now => _services.Clock.UtcNow;

    private string SessionId => this.GetPrimaryKeyString();

    /// <summary>The id as it may appear in logs.</summary>
    private string LogHandle => SessionIds.Handle(SessionId);

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _services.Storage.ReadStateAsync(StateName, GrainContext.GrainId, _record).ConfigureAwait(true);
        }
        catch (Orleans.Storage.MemcachedStorageException ex)
        {
            // The storage exception stays in the silo's log: its types need not exist on the caller's side.
            _services.Health.Failed();
            _services.Metrics.StorageFailed("read");
            _services.SessionLogger.ActivationReadFailed(LogHandle, ex);
            throw new SessionStorageUnavailableException();
        }

        _services.Health.Succeeded();
        var now = Now;
        _lastStorageContact = now;
        FenceForPredecessor();
        RestoreLastAccess(Current, now);
        _services.Metrics.Activated();
        if (Current.HasSession && IsExpired(Current, now))
        {
            await ExpireAsync(deleteRecord: true).ConfigureAwait(true);
        }
        else
        {
            ArmExpiryTimer();
        }
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _services.Metrics.Deactivated();
        var releasing = await EndLeasesOnDeactivationAsync(cancellationToken).ConfigureAwait(true);
        if (_dirty)
        {
            await FlushOnDeactivationAsync(reason, cancellationToken).ConfigureAwait(true);
        }
        else if (releasing)
        {
            await RecordLeasesReleasedAsync(cancellationToken).ConfigureAwait(true);
        }
    }

    /// <inheritdoc />
    public async Task<SessionSnapshot?> LoadAsync(CancellationToken cancellationToken = default) =>
        await AccessAsync().ConfigureAwait(true) is { } state ? Snapshot(state) : null;

    /// <inheritdoc />
    public async Task<SessionSnapshot?> LoadAsync(ISessionCacheHolder holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return await AccessAsync().ConfigureAwait(true) is { } state ? Snapshot(state, GrantLease(holder)) : null;
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(ISessionCacheHolder holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ReleaseLease(holder);
        return Task.CompletedTask;
    }

    /// <summary>The live session, accessed now (for sliding expiration; touching storage when due), or null when there is none.</summary>
    private async Task<SessionState?> AccessAsync()
    {
        var state = Current;
        var now = Now;
        if (!state.HasSession)
        {
            _services.Metrics.Loaded(found: false);
            return null;
        }

        if (IsExpired(state, now))
        {
            await ExpireAsync(deleteRecord: true).ConfigureAwait(true);
            _services.Metrics.Loaded(found: false);
            return null;
        }

        state.LastAccessedAt = now;
        if (now - _lastStorageContact >= TouchIntervalOf(state))
        {
            await TouchAsync(now).ConfigureAwait(true);
        }

        _services.Metrics.Loaded(found: true);
        return Current;
    }

    private SessionSnapshot Snapshot(SessionState state, TimeSpan readLease = default) => new()
    {
        Values = state.Values,
        Version = state.Version,
        CreatedAt = state.CreatedAt,
        LastAccessedAt = state.LastAccessedAt,
        IdleTimeout = state.IdleTimeout,
        AbsoluteExpiresAt = state.AbsoluteExpiresAt,
        UserId = state.UserId,
        Host = RuntimeIdentity,
        ReadLease = readLease,
    };

    /// <summary>A session that starts now, with the silo's defaults.</summary>
    private SessionState NewSession(DateTimeOffset now) => new()
    {
        CreatedAt = now,
        LastAccessedAt = now,
        IdleTimeout = Options.IdleTimeout,
        AbsoluteExpiresAt = now + Options.AbsoluteLifetime,
        RecordTtl = Options.IdleTimeout + Options.ExpiryMargin,
    };

    private static void ValidateId(string? id, int maxLength, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameter);
        if (id.Length > maxLength)
        {
            throw new ArgumentOutOfRangeException(parameter, id.Length, $"An id may have at most {maxLength} characters.");
        }
    }
}
