using Sessions.AspNetCore.Client;
using Sessions.AspNetCore.Diagnostics;

namespace Sessions.AspNetCore.Store;

/// <summary>Regenerate id, bind user, invalidate, log out everywhere; and the cookie they send.</summary>
internal sealed partial class ClusterSession
{
    // The session moved to a key of this store's making: its cookie is sent as the response starts.
    private bool _rekeyed;

    // The session was invalidated and no new key was made since: the cookie is removed as the response starts.
    private bool _invalidated;

    /// <inheritdoc />
    public async Task RegenerateIdAsync(CancellationToken cancellationToken = default)
    {
        CheckOperable();
        if (_isNewKey)
        {
            // Created in this request: no client has seen the key, so there is nothing to defend against.
            return;
        }

        CheckCanMove();
        if (!_exists)
        {
            Rekey();
            return;
        }

        string oldGrainKey = _grainKey;
        string newKey = SessionKeys.Create();
        string newGrainKey = SessionKeys.ToGrainKey(newKey);
        SessionSnapshot? moved = await RunAsync("regenerate", token => _services.Calls.RegenerateAsync(oldGrainKey, newGrainKey, token), cancellationToken).ConfigureAwait(false);
        MoveTo(newKey, newGrainKey);
        if (moved is not null)
        {
            Adopt(moved);
        }
        else
        {
            _exists = false;
            _base = null;
        }
    }

    /// <inheritdoc />
    public async Task BindUserAsync(string? userId, CancellationToken cancellationToken = default)
    {
        CheckOperable();
        BeginChange();
        string grainKey = _grainKey;
        SessionSnapshot bound = await RunAsync("bind", token => _services.Calls.BindUserAsync(grainKey, userId, token), cancellationToken).ConfigureAwait(false);

        // The grain's values are at least as new as the loaded ones; this request's pending changes stay on top.
        Adopt(bound);

        // A session the bind created has the silo's default idle timeout: this app's SessionOptions.IdleTimeout applies.
        _idleTimeoutPending |= bound.IdleTimeout != _idleTimeout;
    }

    /// <inheritdoc />
    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        CheckOperable();
        if (_exists || !_isNewKey)
        {
            string grainKey = _grainKey;
            await RunAsync("invalidate", async token =>
            {
                await _services.Calls.InvalidateAsync(grainKey, token).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        Forget();
    }

    /// <inheritdoc />
    public async Task<int> LogOutEverywhereAsync(CancellationToken cancellationToken = default)
    {
        CheckOperable();
        if (UserId is not { } userId)
        {
            int existed = _exists ? 1 : 0;
            await InvalidateAsync(cancellationToken).ConfigureAwait(false);
            return existed;
        }

        int invalidated = await RunAsync("logout_everywhere", token => _services.Calls.InvalidateUserSessionsAsync(userId, token), cancellationToken).ConfigureAwait(false);
        Forget();
        return invalidated;
    }

    /// <summary>Moves to a fresh key of this store's making (nothing to carry over: the session does not exist).</summary>
    private void Rekey()
    {
        _rekeyBeforeWrite = false;
        if (_http is null)
        {
            return;
        }

        string key = SessionKeys.Create();
        MoveTo(key, SessionKeys.ToGrainKey(key));
        _exists = false;
        _base = null;
    }

    // Lifecycle operations need to know whether the session exists: a failed load always stops them.
    private void CheckOperable()
    {
        CheckWritable();
        if (_loadState == LoadState.Failed)
        {
            throw _loadFailure!;
        }
    }

    private void CheckCanMove()
    {
        if (_http is null)
        {
            throw new InvalidOperationException("The session id can only change in a request that the cluster session middleware prepared (register the store with AddClusterSessionStore()).");
        }

        if (_http.Response.HasStarted)
        {
            throw new InvalidOperationException("The session id cannot change after the response has started.");
        }
    }

    private void MoveTo(string sessionKey, string grainKey)
    {
        CheckCanMove();
        _sessionKey = sessionKey;
        _grainKey = grainKey;
        _handle = null;
        _rekeyed = true;
        _invalidated = false;
        EnsureResponseHook();
    }

    private void Forget()
    {
        DropLocalCopy();
        if (!_isNewKey && _http is not null)
        {
            // A later change starts a new session under a new key instead of reviving this one.
            _rekeyBeforeWrite = true;
            _rekeyed = false;
            _invalidated = true;
            EnsureResponseHook();
        }
    }

    /// <summary>
    /// The session ended elsewhere during this request: nothing of it is kept, and a later change starts a new one. Unlike
    /// <see cref="Forget"/>, the cookie is left alone: the browser may already hold a newer one (a regenerate in another tab).
    /// </summary>
    private void Ended()
    {
        DropLocalCopy();
        _rekeyBeforeWrite = _http is not null;
    }

    private void DropLocalCopy()
    {
        DiscardChanges();
        _stored = SessionValues.Empty;
        _base = null;
        _exists = false;
        _storedIdleTimeout = null;
        UserId = null;
        Host = null;
        Version = 0;
        _viewKeys = 0;
        _viewBytes = 0;
    }

    private void WriteCookie()
    {
        if (_http is null)
        {
            return;
        }

        if (_rekeyed)
        {
            _services.Cookies.Write(_http, _sessionKey);
        }
        else if (_invalidated)
        {
            _services.Cookies.Delete(_http);
        }
    }

    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            T result;
            using (CancellationTokenSource? budget = SessionStoreServices.Budget(_ioTimeout, cancellationToken))
            {
                result = await call(budget?.Token ?? CancellationToken.None).ConfigureAwait(false);
            }

            _services.Metrics.Operation(operation, ok: true);
            return result;
        }
        catch (Exception ex) when (ex is not SessionLimitExceededException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            _services.Metrics.Operation(operation, ok: false);
            string reason = ex is OperationCanceledException ? $"no answer within the I/O timeout of {_ioTimeout}" : ex.GetType().Name;
            SessionWebLog.OperationFailed(_services.Logger, operation, reason, ex);
            throw new ClusterSessionUnavailableException($"The session operation '{operation}' failed: {reason}.", ex);
        }
    }
}
