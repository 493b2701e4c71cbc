using Memcached;
using Orleans.Runtime;
using Orleans.Storage;
using Sessions.Configuration;
using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

internal sealed partial class SessionGrain
{
    private bool _dirty;
    private int _failedAttempts;
    private IGrainTimer? _flushTimer;

    /// <summary>
    /// Makes storage hold the current state: writes it, or deletes the record when there is no session.
    /// True when storage has it; false when memcached is unreachable (the state stays dirty and a
    /// background retry is scheduled). A conflict is resolved (see <see cref="ResolveConflictAsync"/>).
    /// </summary>
    private async Task<bool> SyncAsync(string operation)
    {
        try
        {
            try
            {
                await StoreOnceAsync().ConfigureAwait(true);
            }
            catch (InconsistentStateException)
            {
                await ResolveConflictAsync().ConfigureAwait(true);
            }
        }
        catch (MemcachedStorageException ex) when (ex.Kind != MemcachedErrorKind.TooLarge)
        {
            OnStorageUnavailable(operation, ex);
            return false;
        }

        MarkClean();
        return true;
    }

    private async Task StoreOnceAsync()
    {
        if (Current.Version == 0)
        {
            if (_record.RecordExists)
            {
                await _services.Storage.ClearStateAsync(StateName, GrainContext.GrainId, _record).ConfigureAwait(true);
                _record.State = new SessionState { RecordTtl = Options.ExpiryMargin };
            }

            OnStored(sessionStored: false);
        }
        else
        {
            Current.LeasesReleased = _releasingLeases;
            await _services.Storage.WriteStateAsync(StateName, GrainContext.GrainId, _record).ConfigureAwait(true);
            OnStored(sessionStored: true);
        }

        _services.Health.Succeeded();
        _lastStorageContact = Now;
    }

    /// <summary>
    /// The stored record is not the one this activation last wrote. When it is gone (memcached restarted
    /// or evicted it) or older than memory, memory is the truth and is written again; a deletion is
    /// simply repeated. When another activation wrote a newer version, that version is loaded and
    /// <see cref="SessionConflictException"/> tells the caller to retry on it (nothing was applied).
    /// </summary>
    private async Task ResolveConflictAsync()
    {
        var mine = Current;
        var stored = new GrainState<SessionState>(new SessionState());
        await _services.Storage.ReadStateAsync(StateName, GrainContext.GrainId, stored).ConfigureAwait(true);
        if (mine.Version == 0 || !stored.RecordExists || stored.State!.Version < mine.Version)
        {
            _services.Metrics.Conflict("rewritten");
            if (mine.Version != 0)
            {
                _services.SessionLogger.RecordVanished(LogHandle);
            }

            _record.ETag = stored.ETag;
            _record.RecordExists = stored.RecordExists;
            _record.State = mine;
            try
            {
                await StoreOnceAsync().ConfigureAwait(true);
                return;
            }
            catch (InconsistentStateException)
            {
                await _services.Storage.ReadStateAsync(StateName, GrainContext.GrainId, stored).ConfigureAwait(true);
            }
        }

        _services.Metrics.Conflict("reloaded");
        OnStored(sessionStored: false); // storage holds the other activation's record, not our leases
        _services.SessionLogger.NewerRecord(LogHandle, stored.State!.Version, mine.Version);
        _record.State = stored.State;
        _record.ETag = stored.ETag;
        _record.RecordExists = stored.RecordExists;
        RestoreLastAccess(Current, Now);
        MarkClean();
        ArmExpiryTimer();
        throw new SessionConflictException();
    }

    private void MarkDirty()
    {
        if (!_dirty)
        {
            _dirty = true;
            _services.Health.PendingAdded();
        }
    }

    private void MarkClean()
    {
        if (_dirty)
        {
            _dirty = false;
            _services.Health.PendingRemoved();
            if (_failedAttempts > 0)
            {
                _services.SessionLogger.PendingWritten(LogHandle, _failedAttempts + 1);
            }
        }

        _failedAttempts = 0;
        _flushTimer?.Dispose();
        _flushTimer = null;
    }

    private void OnStorageUnavailable(string operation, MemcachedStorageException ex)
    {
        _services.Health.Failed();
        _services.Metrics.StorageFailed(operation);
        MarkDirty();
        var delay = RetryDelay(_failedAttempts++);
        _services.SessionLogger.StorageUnavailable(LogHandle, operation, delay, ex);
        ScheduleFlush(delay);
    }

    private TimeSpan RetryDelay(int failures)
    {
        var delay = Options.RetryInterval * Math.Pow(2, Math.Min(failures, 16));
        return delay < Options.MaxRetryInterval ? delay : Options.MaxRetryInterval;
    }

    /// <summary>
    /// A pending write runs on a timer that keeps the activation alive until storage has the state
    /// (write-behind's coalescing window, or the retry while memcached is unreachable).
    /// </summary>
    private void ScheduleFlush(TimeSpan due)
    {
        if (_flushTimer is null)
        {
            _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _flushTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            MarkClean();
            return;
        }

        try
        {
            await SyncAsync("flush").ConfigureAwait(true);
        }
        catch (SessionConflictException)
        {
            // Another activation's newer version is loaded; this activation's unwritten changes yield to it (logged).
        }
        catch (MemcachedStorageException ex) when (ex.Kind == MemcachedErrorKind.TooLarge)
        {
            // Storage refuses this state (a commit acknowledged from memory made it too large): keep retrying, so that a
            // later commit that shrinks it is written, instead of leaving this one-shot timer spent and the session pending.
            _services.Metrics.StorageFailed("flush");
            var delay = RetryDelay(_failedAttempts++);
            _services.SessionLogger.StorageUnavailable(LogHandle, "flush", delay, ex);
            ScheduleFlush(delay);
        }

        if (!_dirty && Current.Version == 0)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Whether a commit should try storage now, or go straight to the pending write (memcached known down).</summary>
    private bool ShouldWriteNow => Options.WriteMode == SessionWriteMode.WriteThrough && !(_dirty && _services.Health.LastOperationFailed);

    /// <summary>Stores the change of a call, or leaves it pending; true when storage has it.</summary>
    private async Task<bool> PersistChangeAsync(string operation)
    {
        if (ShouldWriteNow)
        {
            return await SyncAsync(operation).ConfigureAwait(true);
        }

        MarkDirty();
        if (_flushTimer is null)
        {
            ScheduleFlush(_failedAttempts > 0 ? RetryDelay(_failedAttempts) : Options.WriteBehindDelay);
        }

        return false;
    }

    private async Task FlushOnDeactivationAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await StoreOnceAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
            }
            catch (InconsistentStateException)
            {
                // The record vanished (memcached restarted, evicted it) or is older: memory is still the truth.
                await ResolveConflictAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
            }

            MarkClean();
        }
        catch (Exception ex) when (ex is MemcachedStorageException or InconsistentStateException or SessionConflictException or OperationCanceledException or TimeoutException)
        {
            _services.SessionLogger.PendingLost(LogHandle, reason.ReasonCode.ToString(), ex);
            _failedAttempts = 0;
            MarkClean();
        }
    }
}
