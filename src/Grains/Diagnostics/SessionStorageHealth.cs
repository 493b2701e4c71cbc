namespace Sessions.Diagnostics;

/// <summary>
/// The silo-wide view of session storage: how many sessions hold changes that storage does not have
/// yet, and whether the latest storage operation failed. Health checks report the silo degraded from it.
/// </summary>
public sealed class SessionStorageHealth
{
    private readonly TimeProvider _time;
    private long _pending;
    private long _lastFailureTicks;
    private long _lastSuccessTicks;

    /// <summary>Creates the tracker.</summary>
    public SessionStorageHealth(SessionClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _time = clock.Time;
    }

    /// <summary>Sessions of this silo with changes not yet written (memcached unreachable, or write-behind).</summary>
    public long PendingWrites => Interlocked.Read(ref _pending);

    /// <summary>When the latest failed storage operation happened, if any.</summary>
    public DateTimeOffset? LastFailure => Ticks(ref _lastFailureTicks);

    /// <summary>When the latest successful storage operation happened, if any.</summary>
    public DateTimeOffset? LastSuccess => Ticks(ref _lastSuccessTicks);

    /// <summary>Whether the latest storage operation failed.</summary>
    public bool LastOperationFailed => Interlocked.Read(ref _lastFailureTicks) > Interlocked.Read(ref _lastSuccessTicks);

    /// <summary>Whether sessions are served from memory without storage behind them.</summary>
    public bool IsDegraded => LastOperationFailed;

    internal void PendingAdded() => Interlocked.Increment(ref _pending);

    internal void PendingRemoved() => Interlocked.Decrement(ref _pending);

    internal void Succeeded() => Interlocked.Exchange(ref _lastSuccessTicks, Math.Max(_time.GetUtcNow().UtcTicks, Interlocked.Read(ref _lastFailureTicks) + 1));

    internal void Failed() => Interlocked.Exchange(ref _lastFailureTicks, Math.Max(_time.GetUtcNow().UtcTicks, Interlocked.Read(ref _lastSuccessTicks) + 1));

    private static DateTimeOffset? Ticks(ref long ticks)
    {
        var value = Interlocked.Read(ref ticks);
        return value == 0 ? null : new DateTimeOffset(value, TimeSpan.Zero);
    }
}
