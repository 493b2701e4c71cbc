using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

internal sealed partial class SessionGrain
{
    // When the user's index was last told this session's expiry.
    private DateTimeOffset _indexReportedAt;

    /// <inheritdoc />
    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        var user = Current.HasSession ? Current.UserId : null;
        await EndAsync().ConfigureAwait(true);
        if (user is not null)
        {
            await RemoveFromIndexAsync(user).ConfigureAwait(true);
        }
    }

    /// <inheritdoc />
    public async Task<bool> InvalidateForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var state = Current;
        if (!state.HasSession || state.UserId != userId)
        {
            return false;
        }

        var wasLive = !IsExpired(state, Now);
        await EndAsync().ConfigureAwait(true);
        return wasLive;
    }

    /// <summary>Forgets the session in memory and in storage; the activation leaves once storage agrees.</summary>
    private async Task EndAsync()
    {
        if (Current.HasSession)
        {
            _services.Metrics.Invalidated();
        }

        _record.State = new SessionState { RecordTtl = Options.ExpiryMargin };
        DisarmExpiryTimer();
        await EndLeasesAsync(except: null, long.MaxValue).ConfigureAwait(true);
        if (await PersistDeletionAsync().ConfigureAwait(true))
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>A deletion is attempted at once, even in write-behind mode; when memcached is down it stays pending.</summary>
    private async Task<bool> PersistDeletionAsync()
    {
        if (_dirty && _services.Health.LastOperationFailed)
        {
            return false;
        }

        return await SyncAsync("delete").ConfigureAwait(true);
    }

    /// <inheritdoc />
    public async Task<SessionSnapshot?> RegenerateAsync(string newSessionId, CancellationToken cancellationToken = default)
    {
        ValidateId(newSessionId, Options.MaxIdLength, nameof(newSessionId));
        if (string.Equals(newSessionId, SessionId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The new session id must differ from the current one.", nameof(newSessionId));
        }

        var state = Current;
        var now = Now;
        if (state.MovedTo is { } movedTo)
        {
            return string.Equals(movedTo, SessionIds.Handle(newSessionId), StringComparison.Ordinal)
                ? await GrainFactory.GetGrain<ISessionGrain>(newSessionId).LoadAsync(cancellationToken).ConfigureAwait(true)
                : null;
        }

        if (!state.HasSession)
        {
            return null;
        }

        if (IsExpired(state, now))
        {
            await ExpireAsync(deleteRecord: true).ConfigureAwait(true);
            return null;
        }

        var moved = await GrainFactory.GetGrain<ISessionControlGrain>(newSessionId).AdoptAsync(
            new SessionTransfer
            {
                SourceHandle = LogHandle,
                Values = state.Values,
                CreatedAt = state.CreatedAt,
                IdleTimeout = state.IdleTimeout,
                AbsoluteExpiresAt = state.AbsoluteExpiresAt,
                UserId = state.UserId,
            },
            cancellationToken).ConfigureAwait(true);

        _services.Metrics.Invalidated();
        _record.State = new SessionState
        {
            Version = state.Version + 1,
            CreatedAt = state.CreatedAt,
            LastAccessedAt = now,
            MovedTo = SessionIds.Handle(newSessionId),
            RecordTtl = Options.ExpiryMargin,
        };
        DisarmExpiryTimer();
        await EndLeasesAsync(except: null, long.MaxValue).ConfigureAwait(true);
        // Like a deletion, at once even in write-behind mode: a silo dying within the window must not revive the old id.
        await PersistDeletionAsync().ConfigureAwait(true);
        if (state.UserId is { } user)
        {
            await RemoveFromIndexAsync(user).ConfigureAwait(true);
        }

        return moved;
    }

    /// <inheritdoc />
    public async Task<SessionSnapshot> AdoptAsync(SessionTransfer transfer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var now = Now;
        var state = Current;
        if (state.HasSession && !IsExpired(state, now))
        {
            if (string.Equals(state.MovedFrom, transfer.SourceHandle, StringComparison.Ordinal))
            {
                state.LastAccessedAt = now;
                return Snapshot(state);
            }

            throw new InvalidOperationException("The new session id already holds a session; regenerate with a fresh id.");
        }

        _record.State = new SessionState
        {
            Version = Math.Max(state.Version, 0) + 1,
            Values = transfer.Values,
            CreatedAt = transfer.CreatedAt,
            LastAccessedAt = now,
            IdleTimeout = transfer.IdleTimeout,
            AbsoluteExpiresAt = transfer.AbsoluteExpiresAt,
            UserId = transfer.UserId,
            MovedFrom = transfer.SourceHandle,
            RecordTtl = transfer.IdleTimeout + Options.ExpiryMargin,
        };
        await PersistChangeAsync("adopt").ConfigureAwait(true);
        ArmExpiryTimer();
        if (transfer.UserId is { } user)
        {
            await GrainFactory.GetGrain<IUserSessionsGrain>(user).AddAsync(SessionId, IndexInfo(Current), CancellationToken.None).ConfigureAwait(true);
        }

        return Snapshot(Current);
    }

    /// <inheritdoc />
    public async Task<SessionSnapshot> BindUserAsync(string? userId, CancellationToken cancellationToken = default)
    {
        if (userId is not null)
        {
            ValidateId(userId, Options.MaxIdLength, nameof(userId));
        }

        var now = Now;
        var state = Current;
        var live = state.HasSession && !IsExpired(state, now);
        if (state.HasSession && !live)
        {
            await ExpireAsync(deleteRecord: false).ConfigureAwait(true);
        }

        var previous = live ? state.UserId : null;
        if (!live || !string.Equals(previous, userId, StringComparison.Ordinal))
        {
            var next = live ? state.Copy() : NewSession(now);
            next.UserId = userId;
            next.Version++;
            next.LastAccessedAt = now;
            _record.State = next;
            await PersistChangeAsync("bind").ConfigureAwait(true);
            await EndLeasesAsync(except: null, next.Version).ConfigureAwait(true);
            ArmExpiryTimer();
        }
        else
        {
            state.LastAccessedAt = now;
        }

        if (previous is not null && !string.Equals(previous, userId, StringComparison.Ordinal))
        {
            // The change is saved: the indexes must follow it even when the caller gave up meanwhile.
            await GrainFactory.GetGrain<IUserSessionsGrain>(previous).RemoveAsync(SessionId, CancellationToken.None).ConfigureAwait(true);
        }

        if (userId is not null)
        {
            _indexReportedAt = Now;
            await GrainFactory.GetGrain<IUserSessionsGrain>(userId).AddAsync(SessionId, IndexInfo(Current), CancellationToken.None).ConfigureAwait(true);
        }

        return Snapshot(Current);
    }

    /// <inheritdoc />
    public Task<UserSessionEntry?> GetIndexEntryAsync(string userId, CancellationToken cancellationToken = default)
    {
        var state = Current;
        UserSessionEntry? entry = state.HasSession && !IsExpired(state, Now) && string.Equals(state.UserId, userId, StringComparison.Ordinal)
            ? new UserSessionEntry(state.CreatedAt, state.LastAccessedAt, ExpiresAt(state))
            : null;
        return Task.FromResult(entry);
    }

    private UserSessionInfo IndexInfo(SessionState state) => new()
    {
        Handle = LogHandle,
        CreatedAt = state.CreatedAt,
        LastAccessedAt = state.LastAccessedAt,
        ExpiresAt = ExpiresAt(state),
    };

    /// <summary>Tells the user's index the session's latest access (at touch time); failures only cost freshness, the index checks stale entries itself.</summary>
    private async Task ReportToIndexAsync(string userId)
    {
        _indexReportedAt = Now;
        try
        {
            await GrainFactory.GetGrain<IUserSessionsGrain>(userId).AddAsync(SessionId, IndexInfo(Current)).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _services.SessionLogger.IndexUpdateFailed(LogHandle, ex);
        }
    }

    /// <summary>Takes the session out of its user's index; a failure leaves an entry the index drops when it finds the session gone.</summary>
    private async Task RemoveFromIndexAsync(string userId)
    {
        try
        {
            await GrainFactory.GetGrain<IUserSessionsGrain>(userId).RemoveAsync(SessionId).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _services.SessionLogger.IndexUpdateFailed(LogHandle, ex);
        }
    }
}
