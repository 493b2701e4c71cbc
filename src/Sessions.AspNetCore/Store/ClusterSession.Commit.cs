using System.Diagnostics;
using Sessions.AspNetCore.Diagnostics;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// Committing the request's changes: once before the response starts (so a client never sees a response
/// before its change is stored, and a failure can still change the response), and again when SessionMiddleware
/// closes the session, for changes made after the response started or a commit that failed.
/// </summary>
internal sealed partial class ClusterSession
{
    private Guid _commitId;
    private int _commitIdChanges = -1;
    private bool _responseHook;

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        Abandoned || _loadState == LoadState.Ignored || !IsDirty ? Task.CompletedTask : CommitChangesAsync(cancellationToken);

    private async Task CommitChangesAsync(CancellationToken cancellationToken)
    {
        SessionCommit commit = BuildCommit();
        long started = Stopwatch.GetTimestamp();
        try
        {
            CommitResult result;
            using (CancellationTokenSource? budget = SessionStoreServices.Budget(_ioTimeout, cancellationToken))
            {
                result = await _services.Calls.CommitAsync(_grainKey, commit, budget?.Token ?? CancellationToken.None).ConfigureAwait(false);
            }

            if (result.Gone)
            {
                // The session ended while this request ran (another request logged out or regenerated): drop the changes
                // rather than revive the dead id. The cookie is left alone: the browser may already hold a newer one.
                _services.Cache.Evict(_grainKey, long.MaxValue);
                _services.Metrics.Committed("gone", Stopwatch.GetElapsedTime(started));
                SessionWebLog.CommitOnEndedSession(_services.Logger);
                Ended();
                CommitFailure = null;
                return;
            }

            Applied(commit, result);
            if (result.Snapshot is { } stored)
            {
                // Changed elsewhere since this request's copy: the grain sent the whole session.
                Adopt(_services.Cache.Keep(_grainKey, stored, started));
            }
            else
            {
                _base = result.OnBase && _base is { } based ? Rebased(based, commit, result) : null;
                Host = result.Host ?? Host;
                if (_base is not null && result.ReadLease > TimeSpan.Zero)
                {
                    _services.Cache.Keep(_grainKey, _base, started);
                }
                else
                {
                    _services.Cache.Evict(_grainKey, result.Version);
                }
            }

            CommitFailure = null;
            _services.Metrics.Committed("ok", Stopwatch.GetElapsedTime(started));
        }
        catch (SessionLimitExceededException ex)
        {
            // Rejected whole by the grain: the stored session is unchanged, and so is what this request sees from now on.
            _services.Metrics.Committed("limit", Stopwatch.GetElapsedTime(started));
            SessionWebLog.CommitOverLimit(_services.Logger, ex.Limit, ex.Actual, ex.Maximum);
            DiscardChanges();
            CommitFailure = ex;
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Kept pending: the commit at the end of the request tries again with the same commit id. It may have been
            // applied: this front-end's copy may be stale.
            _services.Cache.Evict(_grainKey, long.MaxValue);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            _services.Metrics.Committed("failed", elapsed);
            string reason = ex is OperationCanceledException ? $"no answer within the I/O timeout of {_ioTimeout}" : ex.GetType().Name;
            SessionWebLog.CommitFailed(_services.Logger, elapsed.TotalMilliseconds, reason, ex);
            var failure = new ClusterSessionUnavailableException($"The session changes could not be stored: {reason}.", ex);
            CommitFailure = failure;
            throw failure;
        }
    }

    private SessionCommit BuildCommit()
    {
        // A retry of a commit that may have been applied (a timeout) must carry the same id, and only while it is the
        // same change: new changes get a new id, and re-applying the old part with them is harmless (sets and removes).
        if (_commitIdChanges != _changes)
        {
            _commitId = Guid.NewGuid();
            _commitIdChanges = _changes;
        }

        return new SessionCommit
        {
            CommitId = _commitId,
            Clear = _cleared,
            Remove = _removes is { Count: > 0 } ? [.. _removes] : [],
            Set = _sets is { Count: > 0 } ? new Dictionary<string, byte[]>(_sets, StringComparer.Ordinal) : new Dictionary<string, byte[]>(0, StringComparer.Ordinal),
            IdleTimeout = !_exists || _storedIdleTimeout != _idleTimeout ? _idleTimeout : null,
            RequiresSession = _exists,
            CacheHolder = _services.Cache.Enabled ? _services.Cache.Reference : null,
            BaseVersion = _base?.Version,
            BaseCreatedAt = _base?.CreatedAt,
        };
    }

    /// <summary>The session after a commit applied right on <paramref name="based"/>: <see cref="Applied"/> made <c>_stored</c> its values.</summary>
    private SessionSnapshot Rebased(SessionSnapshot based, SessionCommit commit, CommitResult result) => based with
    {
        Values = _stored,
        Version = result.Version,
        LastAccessedAt = result.LastAccessedAt,
        IdleTimeout = commit.IdleTimeout ?? based.IdleTimeout,
        Host = result.Host,
        ReadLease = result.ReadLease,
    };

    private void Applied(SessionCommit commit, CommitResult result)
    {
        _stored = SessionValues.Apply(_stored, commit.Clear, commit.Remove, commit.Set);
        _exists = true;
        _storedIdleTimeout = commit.IdleTimeout ?? _storedIdleTimeout;
        Version = result.Version;
        _cleared = false;
        _sets?.Clear();
        _removes?.Clear();
        _idleTimeoutPending = false;
    }

    private void EnsureResponseHook()
    {
        if (_responseHook || _http is null || _http.Response.HasStarted)
        {
            return;
        }

        _responseHook = true;
        _http.Response.OnStarting(static state => ((ClusterSession)state).OnResponseStartingAsync(), this);
    }

    private async Task OnResponseStartingAsync()
    {
        if (Abandoned)
        {
            return;
        }

        if (IsDirty)
        {
            try
            {
                await CommitChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception) when (!_services.Options.FailRequestOnError)
            {
                // Logged and counted; still pending for SessionMiddleware's commit at the end of the request.
            }
        }

        WriteCookie();
    }
}
