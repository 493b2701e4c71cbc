using Orleans.Concurrency;
using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

/// <summary>
/// One user's sessions. Reentrant, because sessions call it while it calls sessions (listing checks
/// stale entries, "log out everywhere" ends them); every change is made to memory in one step and then
/// written, one write at a time. An entry whose reported expiry has passed is checked with its session
/// before it is listed, so an expired session is never shown and a live one is never hidden.
/// </summary>
[GrainType("usersessions")]
[Reentrant]
[CollectionAgeLimit(Minutes = SessionGrain.ActivationIdleMinutes)]
internal sealed class UserSessionsGrain : Grain, IUserSessionsGrain
{
    /// <summary>The state name of user indexes in storage.</summary>
    public const string StateName = "usersessions";

    private readonly SessionGrainServices _services;
    private readonly GrainState<UserSessionsState> _record = new(new UserSessionsState());
    private readonly SemaphoreSlim _writing = new(1, 1);

    public UserSessionsGrain(SessionGrainServices services) => _services = services;

    private string UserId => this.GetPrimaryKeyString();

    private Dictionary<string, UserSessionEntry> Entries => _record.State!.Sessions;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        _services.Storage.ReadStateAsync(StateName, GrainContext.GrainId, _record);

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _writing.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddAsync(string sessionId, UserSessionInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(info);
        Entries[sessionId] = new UserSessionEntry(info.CreatedAt, info.LastAccessedAt, info.ExpiresAt);
        return SaveAsync();
    }

    /// <inheritdoc />
    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return Entries.Remove(sessionId) ? SaveAsync() : Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserSessionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = _services.Clock.UtcNow;
        var stale = Entries.Where(e => e.Value.ExpiresAt <= now).ToArray();
        if (stale.Length > 0)
        {
            var checks = await Task.WhenAll(stale.Select(e => CheckAsync(e.Key, e.Value, cancellationToken))).ConfigureAwait(true);
            var changed = false;
            foreach (var ((id, asked), entry) in stale.Zip(checks))
            {
                // A removal or an addition made while the checks ran is newer than the session's answer: keep it.
                if (!Entries.TryGetValue(id, out var current) || current != asked)
                {
                    continue;
                }

                if (entry is { } fresh)
                {
                    Entries[id] = fresh;
                }
                else
                {
                    changed |= Entries.Remove(id);
                }
            }

            if (changed || checks.Any(c => c is not null))
            {
                await SaveAsync().ConfigureAwait(true);
            }
        }

        return Entries
            .Where(e => e.Value.ExpiresAt > now)
            .OrderByDescending(e => e.Value.LastAccessedAt)
            .Select(e => new UserSessionInfo
            {
                Handle = SessionIds.Handle(e.Key),
                CreatedAt = e.Value.CreatedAt,
                LastAccessedAt = e.Value.LastAccessedAt,
                ExpiresAt = e.Value.ExpiresAt,
            })
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<int> InvalidateAllAsync(CancellationToken cancellationToken = default)
    {
        var ids = Entries.Keys.ToArray();
        var ended = await Task.WhenAll(ids.Select(id =>
            GrainFactory.GetGrain<ISessionControlGrain>(id).InvalidateForUserAsync(UserId, cancellationToken))).ConfigureAwait(true);
        foreach (var id in ids)
        {
            Entries.Remove(id);
        }

        await SaveAsync().ConfigureAwait(true);
        return ended.Count(e => e);
    }

    /// <summary>The session's own view of its entry; a failed check keeps the entry (it is not shown while its expiry has passed).</summary>
    private async Task<UserSessionEntry?> CheckAsync(string sessionId, UserSessionEntry kept, CancellationToken cancellationToken)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionControlGrain>(sessionId).GetIndexEntryAsync(UserId, cancellationToken).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _services.IndexLogger.IndexCheckFailed(SessionIds.Handle(sessionId), ex);
            return kept;
        }
    }

    /// <summary>Writes the current entries (one write at a time; each writes everything changed so far). No entries: the record is deleted.</summary>
    private async Task SaveAsync()
    {
        await _writing.WaitAsync().ConfigureAwait(true);
        try
        {
            var now = _services.Clock.UtcNow;
            if (Entries.Count == 0)
            {
                if (_record.RecordExists)
                {
                    // Clearing replaces the state object; keep this one, which entries added meanwhile went into.
                    var state = _record.State;
                    await _services.Storage.ClearStateAsync(StateName, GrainContext.GrainId, _record).ConfigureAwait(true);
                    _record.State = state;
                }

                return;
            }

            var latest = Entries.Values.Max(e => e.ExpiresAt);
            var margin = _services.Options.ExpiryMargin + _services.Options.TouchInterval;
            _record.State!.RecordTtl = (latest > now ? latest - now : TimeSpan.Zero) + margin;
            await _services.Storage.WriteStateAsync(StateName, GrainContext.GrainId, _record).ConfigureAwait(true);
        }
        finally
        {
            _writing.Release();
        }
    }
}
