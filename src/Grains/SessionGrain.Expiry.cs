using Orleans.Runtime;
using Orleans.Storage;
using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

internal sealed partial class SessionGrain
{
    private IGrainTimer? _expiryTimer;

    /// <summary>When the session ends unless accessed again.</summary>
    internal static DateTimeOffset ExpiresAt(SessionState state)
    {
        var idle = state.LastAccessedAt + state.IdleTimeout;
        return state.AbsoluteExpiresAt is { } absolute && absolute < idle ? absolute : idle;
    }

    private static bool IsExpired(SessionState state, DateTimeOffset now) => now >= ExpiresAt(state);

    /// <summary>At most one touch per this interval: the configured one, or a quarter of a shorter idle timeout.</summary>
    private TimeSpan TouchIntervalOf(SessionState state)
    {
        var quarter = state.IdleTimeout / 4;
        return quarter < Options.TouchInterval ? quarter : Options.TouchInterval;
    }

    /// <summary>
    /// Touches only extend the record's TTL, so the stored last access is that of the last write. The
    /// TTL tells the rest: the record's TTL was last set to <see cref="SessionState.RecordTtl"/> at the
    /// last touch or write, which happened at <c>now - (RecordTtl - remaining)</c>; and every access
    /// more than one touch interval after a touch would have touched again, so the session was last
    /// used at most one interval after that. Taking the later bound never expires a session that was
    /// in use; memcached keeps the record an expiry margin (at least one interval) longer still.
    /// </summary>
    private void RestoreLastAccess(SessionState state, DateTimeOffset now)
    {
        if (!state.HasSession || state.RemainingTimeToLive is not { } remaining || state.RecordTtl <= TimeSpan.Zero)
        {
            return;
        }

        var lastContact = now - (state.RecordTtl - remaining);
        var latestUse = lastContact + TouchIntervalOf(state);
        if (latestUse > now)
        {
            latestUse = now;
        }

        if (latestUse > state.LastAccessedAt)
        {
            state.LastAccessedAt = latestUse;
        }
    }

    /// <summary>Refreshes the record's TTL without rewriting it; a vanished record is written again from memory.</summary>
    private async Task TouchAsync(DateTimeOffset now)
    {
        _lastStorageContact = now;
        if (_services.Touchable is not { } storage || _dirty || !_record.RecordExists)
        {
            return;
        }

        bool found;
        try
        {
            found = await storage.TouchAsync(StateName, GrainContext.GrainId, Current.RecordTtl).ConfigureAwait(true);
        }
        catch (MemcachedStorageException ex)
        {
            _services.Health.Failed();
            _services.Metrics.StorageFailed("touch");
            _services.SessionLogger.TouchFailed(LogHandle, ex);
            return;
        }

        _services.Health.Succeeded();
        _services.Metrics.Touched();
        if (!found)
        {
            await SyncAsync("rewrite").ConfigureAwait(true);
        }

        if (Current.UserId is { } user)
        {
            await ReportToIndexAsync(user).ConfigureAwait(true);
        }
    }

    /// <summary>Ends an expired session: out of its user's index, out of memory, and (when asked) out of storage.</summary>
    private async Task ExpireAsync(bool deleteRecord)
    {
        var user = Current.UserId;
        _services.Metrics.Expired();
        _record.State = new SessionState { RecordTtl = Options.ExpiryMargin };
        DisarmExpiryTimer();
        ForgetLeases();
        if (user is not null)
        {
            await RemoveFromIndexAsync(user).ConfigureAwait(true);
        }

        if (deleteRecord && await SyncAsync("expire").ConfigureAwait(true))
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// A timer at the session's expiry, for sessions whose idle timeout is shorter than the activation's
    /// idle collection (longer ones are collected first and expire in memcached by TTL). It runs on real
    /// time and checks the session clock, re-arming while the session is in use.
    /// </summary>
    private void ArmExpiryTimer()
    {
        var state = Current;
        if (!state.HasSession || state.IdleTimeout > TimeSpan.FromMinutes(ActivationIdleMinutes))
        {
            DisarmExpiryTimer();
            return;
        }

        var due = ExpiresAt(state) - Now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due + TimeSpan.FromMilliseconds(50);
        if (_expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisarmExpiryTimer()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        if (Current.HasSession && IsExpired(Current, Now))
        {
            await ExpireAsync(deleteRecord: true).ConfigureAwait(true);
        }
        else
        {
            ArmExpiryTimer();
        }
    }
}
