using System.Diagnostics.Metrics;

namespace Sessions.Diagnostics;

/// <summary>The session grains' instruments, on the meter <c>Sessions.Grains</c> (names prefixed <c>sessions.</c>).</summary>
public sealed class SessionMetrics : IDisposable
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Sessions.Grains";

    private readonly Meter _meter;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _touches;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _invalidated;
    private readonly Counter<long> _storageFailures;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _leases;
    private readonly Counter<long> _evictions;
    private long _active;

    /// <summary>Creates the instruments; <paramref name="health"/> feeds the pending-write gauge.</summary>
    public SessionMetrics(SessionStorageHealth health, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(health);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _loads = _meter.CreateCounter<long>("sessions.loads", "{load}", "Session loads, tagged found true/false.");
        _commits = _meter.CreateCounter<long>("sessions.commits", "{commit}", "Commits, tagged result applied/duplicate/rejected/conflict and durable true/false.");
        _touches = _meter.CreateCounter<long>("sessions.touches", "{touch}", "Batched TTL refreshes sent to storage.");
        _expired = _meter.CreateCounter<long>("sessions.expired", "{session}", "Sessions found expired and removed.");
        _invalidated = _meter.CreateCounter<long>("sessions.invalidated", "{session}", "Sessions invalidated or moved to a new id.");
        _storageFailures = _meter.CreateCounter<long>("sessions.storage.failures", "{failure}", "Storage operations that failed because memcached was unreachable.");
        _conflicts = _meter.CreateCounter<long>("sessions.storage.conflicts", "{conflict}", "ETag conflicts the grains resolved (record vanished or written by another activation).");
        _leases = _meter.CreateCounter<long>("sessions.read_leases", "{lease}", "Read leases granted to front-end caches.");
        _evictions = _meter.CreateCounter<long>("sessions.read_lease_evictions", "{lease}", "Read leases ended early, tagged outcome evicted (before a change; the holder answered), outwaited (it did not; the change waited for the lease to run out) or released (the holder stopped serving its copy, e.g. shutting down).");
        _meter.CreateObservableUpDownCounter("sessions.active", () => Interlocked.Read(ref _active), "{session}", "Session activations on this silo.");
        _meter.CreateObservableGauge("sessions.pending_writes", () => health.PendingWrites, "{session}", "Sessions with changes not yet in storage.");
        _meter.CreateObservableGauge("sessions.storage.degraded", () => health.IsDegraded ? 1 : 0, "{state}", "1 while storage is unreachable or writes are pending.");
    }

    internal void Loaded(bool found) => _loads.Add(1, new KeyValuePair<string, object?>("found", found));

    internal void Committed(string result, bool durable) =>
        _commits.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("durable", durable));

    internal void Touched() => _touches.Add(1);

    internal void LeaseGranted() => _leases.Add(1);

    internal void LeaseEnded(string outcome) => _evictions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    internal void Expired() => _expired.Add(1);

    internal void Invalidated() => _invalidated.Add(1);

    internal void StorageFailed(string operation) => _storageFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    internal void Conflict(string resolution) => _conflicts.Add(1, new KeyValuePair<string, object?>("resolution", resolution));

    internal void Activated() => Interlocked.Increment(ref _active);

    internal void Deactivated() => Interlocked.Decrement(ref _active);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
