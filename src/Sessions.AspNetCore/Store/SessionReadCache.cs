using System.Collections.Concurrent;
using System.Diagnostics;
using Sessions.AspNetCore.Diagnostics;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// This front-end's copies of sessions under a read lease (<see cref="ISessionGrain.LoadAsync(ISessionCacheHolder, CancellationToken)"/>):
/// a request whose session is here, within its lease, is served without a grain call. The lease counts from when the
/// load (or commit) was sent, so it ends here no later than the grain thinks. Before the grain acknowledges a change
/// made through another front-end, it evicts the copy here (<see cref="EvictAsync"/>) or waits until the lease ran out.
/// An eviction also keeps out, for one lease, older copies still on their way (a load answered before the change).
/// </summary>
internal sealed class SessionReadCache : ISessionCacheHolder
{
    private static readonly long SweepInterval = Stopwatch.Frequency;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrivedAfterClose = new();
    private readonly IGrainFactory _grains;
    private readonly int _capacity;
    private readonly SessionWebMetrics? _metrics;
    private readonly Lock _referenceLock = new();
    private ISessionCacheHolder? _reference;
    private long _longestLease;
    private long _nextSweep;
    private volatile bool _closed;

    public SessionReadCache(IGrainFactory grains, int capacity, SessionWebMetrics? metrics = null)
    {
        _grains = grains;
        _capacity = capacity;
        _metrics = metrics;
        metrics?.ObserveReadCache(() => Count);
    }

    /// <summary>Whether sessions are cached (<see cref="ClusterSessionOptions.ReadCacheCapacity"/> above zero, and not <see cref="Close"/>d).</summary>
    public bool Enabled => _capacity > 0 && !_closed;

    /// <summary>The longest lease any copy was kept under: every lease granted to this cache ends within it.</summary>
    public TimeSpan LongestLease => TimeSpan.FromSeconds(Volatile.Read(ref _longestLease) / (double)Stopwatch.Frequency);

    /// <summary>Copies held, evictions included.</summary>
    public int Count => _entries.Count;

    /// <summary>The reference the session grains call back on; created on first use.</summary>
    public ISessionCacheHolder Reference
    {
        get
        {
            if (Volatile.Read(ref _reference) is { } reference)
            {
                return reference;
            }

            lock (_referenceLock)
            {
                return _reference ??= _grains.CreateObjectReference<ISessionCacheHolder>(this);
            }
        }
    }

    /// <summary>The leased copy of <paramref name="grainKey"/>, or null when there is none within its lease.</summary>
    public SessionSnapshot? TryGet(string grainKey) =>
        !_closed && _entries.TryGetValue(grainKey, out var entry) && entry.Snapshot is { } snapshot && Stopwatch.GetTimestamp() < entry.Until ? snapshot : null;

    /// <summary>
    /// Keeps <paramref name="snapshot"/> (the answer to a call sent at <paramref name="sentAt"/>, a <see cref="Stopwatch"/>
    /// timestamp) for its lease, unless a newer copy or an eviction of its version is already here. Returns the snapshot
    /// to use: a renewed lease on the version already held keeps the values already held, so that the copy just received
    /// dies young instead of replacing long-lived objects (which would make every renewal promote garbage to gen 2); a new
    /// version is kept as <see cref="SessionValues"/>, the form that costs a gen-0 collection least to promote.
    /// </summary>
    public SessionSnapshot Keep(string grainKey, SessionSnapshot snapshot, long sentAt)
    {
        if (_capacity == 0 || snapshot.ReadLease <= TimeSpan.Zero)
        {
            return snapshot;
        }

        if (_closed)
        {
            // Granted to a call sent before Close: the grain holds this lease too.
            _arrivedAfterClose.Enqueue(grainKey);
            return snapshot;
        }

        long lease = Ticks(snapshot.ReadLease);
        long now = Stopwatch.GetTimestamp();
        long until = sentAt + lease;
        if (until <= now)
        {
            return snapshot;
        }

        if (_entries.TryGetValue(grainKey, out var held) && held.Snapshot is { } same && IsSameVersion(same, snapshot))
        {
            snapshot = ReferenceEquals(same.Values, snapshot.Values) ? snapshot : snapshot with { Values = same.Values };
        }
        else if (snapshot.Values is not SessionValues)
        {
            // The copy that stays is the compact one; the dictionary just received dies young.
            snapshot = snapshot with { Values = SessionValues.From(snapshot.Values) };
        }

        InterlockedMax(ref _longestLease, lease);
        // ContainsKey first: Count takes every lock of the dictionary, and most copies kept replace one already here.
        if (!_entries.ContainsKey(grainKey) && _entries.Count >= _capacity && !Sweep(now))
        {
            return snapshot;
        }

        var entry = new Entry(snapshot, snapshot.Version, until);
        _entries.AddOrUpdate(grainKey, entry, (_, existing) => existing.Until > now && existing.Version > snapshot.Version ? existing : entry);
        if (_closed)
        {
            // Closed meanwhile, perhaps without seeing this copy: its lease is released with the late ones.
            _arrivedAfterClose.Enqueue(grainKey);
        }

        return snapshot;
    }

    /// <summary>
    /// Stops serving and keeping copies (the front-end is shutting down) and returns the sessions whose leases are still
    /// live here: until released (<see cref="ISessionGrain.ReleaseLeaseAsync"/>) or run out, their grains evict this
    /// cache, or wait for it, before acknowledging a change.
    /// </summary>
    public IReadOnlyList<string> Close()
    {
        _closed = true;
        long now = Stopwatch.GetTimestamp();
        var held = new List<string>();
        foreach (var (grainKey, entry) in _entries)
        {
            if (entry.Snapshot is not null && entry.Until > now)
            {
                held.Add(grainKey);
            }
        }

        _entries.Clear();
        return held;
    }

    /// <summary>Sessions whose leases were granted after <see cref="Close"/>, to calls sent before it; each is returned once.</summary>
    public IReadOnlyList<string> TakeLeasedAfterClose()
    {
        var late = new List<string>();
        while (_arrivedAfterClose.TryDequeue(out string? grainKey))
        {
            late.Add(grainKey);
        }

        return late;
    }

    /// <summary>Whether two snapshots are of one version of one session (versions start over when a session does).</summary>
    private static bool IsSameVersion(SessionSnapshot a, SessionSnapshot b) => a.Version == b.Version && a.CreatedAt == b.CreatedAt;

    /// <summary>
    /// Drops the copy of <paramref name="grainKey"/> if older than <paramref name="version"/>, and keeps older ones out for
    /// the longest lease seen: after a change this front-end made, or one whose outcome it does not know (<see cref="long.MaxValue"/>).
    /// </summary>
    public void Evict(string grainKey, long version) => Evict(grainKey, version, Volatile.Read(ref _longestLease));

    /// <inheritdoc />
    public Task EvictAsync(string sessionId, long version, TimeSpan holdOff)
    {
        Evict(sessionId, version, Ticks(holdOff));
        _metrics?.Evicted();
        return Task.CompletedTask;
    }

    private void Evict(string grainKey, long version, long holdOff)
    {
        if (_capacity == 0 || _closed)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        var eviction = new Entry(null, version, now + holdOff);
        _entries.AddOrUpdate(grainKey, eviction, (_, existing) =>
            existing.Until <= now ? eviction
            : existing.Snapshot is null ? new Entry(null, Math.Max(existing.Version, version), Math.Max(existing.Until, eviction.Until))
            : existing.Version >= version ? existing
            : eviction);
    }

    /// <summary>Removes what has run out, at most once a second; true when there is room afterwards.</summary>
    private bool Sweep(long now)
    {
        long due = Volatile.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + SweepInterval, due) != due)
        {
            return false;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }

        return _entries.Count < _capacity;
    }

    private static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>A leased copy, or (no snapshot) an eviction that keeps copies older than <see cref="Version"/> out until <see cref="Until"/>.</summary>
    private sealed record Entry(SessionSnapshot? Snapshot, long Version, long Until);
}
