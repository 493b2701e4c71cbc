using System.Diagnostics;
using Orleans.Storage;
using Sessions.Diagnostics;
using Sessions.State;

namespace Sessions;

/// <summary>
/// Read leases: a front-end's cache may serve a session's reads from its own memory for a short lease. No change is
/// acknowledged before every other lease holder evicted its copy or its lease ran out. A predecessor activation that
/// died cannot evict its holders; the stored record tells (<see cref="SessionState.LeasesReleased"/>), and then the
/// first change waits until any lease it could have granted has run out.
/// </summary>
internal sealed partial class SessionGrain
{
    // Holder -> when its lease ends (Stopwatch timestamp).
    private readonly Dictionary<ISessionCacheHolder, long> _leases = [];

    // Storage holds this activation's LeasesReleased = false: a successor would wait out our leases, so they may be granted.
    private bool _leasesRecorded;

    // Stored by the next write instead of false: set once the deactivating activation ended every lease.
    private bool _releasingLeases;

    // Until then (Stopwatch timestamp) a predecessor that died may still have live leases.
    private long _fenceUntil;

    private IGrainTimer? _recordLeasesTimer;

    private bool LeasesEnabled => Options.ReadLease > TimeSpan.Zero;

    /// <summary>The lease a holder gets on <paramref name="state"/> now: at most an eighth of the idle timeout, never past the absolute expiry.</summary>
    private TimeSpan LeaseFor(SessionState state)
    {
        var lease = Options.ReadLease;
        var eighth = state.IdleTimeout / 8;
        if (eighth < lease)
        {
            lease = eighth;
        }

        if (state.AbsoluteExpiresAt is { } absolute && absolute - Now < lease)
        {
            lease = absolute - Now;
        }

        return lease > TimeSpan.Zero ? lease : TimeSpan.Zero;
    }

    /// <summary>Grants <paramref name="holder"/> a lease on the current session; zero when none can be granted yet.</summary>
    private TimeSpan GrantLease(ISessionCacheHolder holder)
    {
        var lease = LeasesEnabled ? LeaseFor(Current) : TimeSpan.Zero;
        if (lease <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (!_leasesRecorded)
        {
            RecordLeasesSoon();
            return TimeSpan.Zero;
        }

        var now = Stopwatch.GetTimestamp();
        if (_leases.Count >= 16)
        {
            foreach (var (expired, _) in _leases.Where(l => l.Value <= now).ToList())
            {
                _leases.Remove(expired);
            }
        }

        _leases[holder] = now + (long)(lease.TotalSeconds * Stopwatch.Frequency);
        _services.Metrics.LeaseGranted();
        return lease;
    }

    /// <summary>
    /// Ends every live lease but <paramref name="except"/>'s before a change of the session to <paramref name="version"/> is
    /// acknowledged: each holder is told to evict, and one that does not confirm is waited out. Waits first for the leases
    /// a dead predecessor may have granted.
    /// </summary>
    private async Task EndLeasesAsync(ISessionCacheHolder? except, long version)
    {
        if (!LeasesEnabled)
        {
            return;
        }

        if (_fenceUntil != 0)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _fenceUntil);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left).ConfigureAwait(true);
            }

            _fenceUntil = 0;
        }

        await EvictAllAsync(except, version).ConfigureAwait(true);
    }

    private async Task EvictAllAsync(ISessionCacheHolder? except, long version)
    {
        if (_leases.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        List<Task>? evictions = null;
        long kept = 0;
        foreach (var (holder, until) in _leases)
        {
            if (except is not null && holder.Equals(except))
            {
                kept = until;
            }
            else if (until > now)
            {
                (evictions ??= []).Add(EvictAsync(holder, version, Stopwatch.GetElapsedTime(now, until)));
            }
        }

        _leases.Clear();
        if (kept != 0)
        {
            _leases[except!] = kept;
        }

        if (evictions is not null)
        {
            await Task.WhenAll(evictions).ConfigureAwait(true);
        }
    }

    private async Task EvictAsync(ISessionCacheHolder holder, long version, TimeSpan remaining)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await holder.EvictAsync(SessionId, version, Options.ReadLease).WaitAsync(remaining).ConfigureAwait(true);
            _services.Metrics.LeaseEnded("evicted");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _services.SessionLogger.EvictionUnconfirmed(LogHandle, ex);
            var left = remaining - Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left).ConfigureAwait(true);
            }

            _services.Metrics.LeaseEnded("outwaited");
        }
    }

    /// <summary>The holder no longer serves its copy: a change need not wait for its lease.</summary>
    private void ReleaseLease(ISessionCacheHolder holder)
    {
        if (_leases.Remove(holder, out var until) && until > Stopwatch.GetTimestamp())
        {
            _services.Metrics.LeaseEnded("released");
        }
    }

    /// <summary>
    /// On expiry: every lease has run out already (a lease never reaches past the idle or absolute expiry it was granted
    /// under, and a change of either revoked the leases), and so have a dead predecessor's.
    /// </summary>
    private void ForgetLeases()
    {
        _leases.Clear();
        _fenceUntil = 0;
    }

    /// <summary>At activation: a stored session whose last writer did not record the end of its leases may have holders we do not know.</summary>
    private void FenceForPredecessor()
    {
        _leasesRecorded = false;
        if (LeasesEnabled && _record.RecordExists && Current.HasSession && !Current.LeasesReleased)
        {
            _fenceUntil = Stopwatch.GetTimestamp() + (long)(Options.ReadLease.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>Called after every write: what storage now says about this activation's leases.</summary>
    private void OnStored(bool sessionStored)
    {
        _leasesRecorded = sessionStored && !_releasingLeases;
    }

    /// <summary>A lease was asked for before storage knew that this activation grants leases: record it with a write of its own, in the background.</summary>
    private void RecordLeasesSoon()
    {
        if (_recordLeasesTimer is not null || _dirty)
        {
            return; // a write is already coming
        }

        _recordLeasesTimer = this.RegisterGrainTimer(RecordLeasesAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private async Task RecordLeasesAsync(CancellationToken cancellationToken)
    {
        _recordLeasesTimer?.Dispose();
        _recordLeasesTimer = null;
        if (_leasesRecorded || _dirty || !Current.HasSession)
        {
            return;
        }

        try
        {
            await SyncAsync("lease").ConfigureAwait(true);
        }
        catch (SessionConflictException)
        {
            // Another activation's newer version is loaded; the next lease asked for records again.
        }
    }

    /// <summary>On deactivation: ends every lease; true when storage should then be told so (see <see cref="RecordLeasesReleasedAsync"/>).</summary>
    private async Task<bool> EndLeasesOnDeactivationAsync(CancellationToken cancellationToken)
    {
        _recordLeasesTimer?.Dispose();
        _recordLeasesTimer = null;
        if (!LeasesEnabled || !_leasesRecorded || !Current.HasSession)
        {
            return false;
        }

        try
        {
            await EvictAllAsync(except: null, long.MaxValue).WaitAsync(cancellationToken).ConfigureAwait(true);
        }
        catch (OperationCanceledException)
        {
            return false; // some lease may still run: the record keeps saying so
        }

        _releasingLeases = true;
        return true;
    }

    /// <summary>Stores that no lease of this activation is live, so the next activation need not wait for them.</summary>
    private async Task RecordLeasesReleasedAsync(CancellationToken cancellationToken)
    {
        // Deactivating is no access: the record keeps the TTL it has left, so that the next activation derives the same
        // last access from it (RestoreLastAccess) instead of one at deactivation time.
        var left = Current.RecordTtl - (Now - _lastStorageContact);
        Current.OverrideWriteTtl(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        try
        {
            await StoreOnceAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is MemcachedStorageException or InconsistentStateException or OperationCanceledException or TimeoutException)
        {
            _services.SessionLogger.LeasesReleaseFailed(LogHandle, ex);
        }
        finally
        {
            Current.OverrideWriteTtl(null);
        }
    }
}
