using System.Diagnostics.Metrics;
using Memcached;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Diagnostics;

/// <summary>The provider's instruments, on the meter <c>Orleans.Persistence.Memcached</c> (names prefixed <c>memcached.storage.</c>).</summary>
public sealed class StorageMetrics : IDisposable
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Orleans.Persistence.Memcached";

    private readonly Meter _meter;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _writes;
    private readonly Histogram<long> _writeSize;
    private readonly Counter<long> _clears;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _corrupt;
    private readonly Counter<long> _missing;
    private readonly Counter<long> _repairs;
    private readonly Counter<long> _repairFailures;
    private readonly Counter<long> _failures;

    /// <summary>Creates the instruments.</summary>
    public StorageMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reads = _meter.CreateCounter<long>("memcached.storage.reads", "{read}", "State reads, tagged hit or miss.");
        _writes = _meter.CreateCounter<long>("memcached.storage.writes", "{write}", "State writes that succeeded.");
        _writeSize = _meter.CreateHistogram<long>("memcached.storage.write.size", "By", "Serialized size of written states.");
        _clears = _meter.CreateCounter<long>("memcached.storage.clears", "{clear}", "State clears that succeeded.");
        _conflicts = _meter.CreateCounter<long>("memcached.storage.conflicts", "{conflict}", "ETag conflicts (InconsistentStateException).");
        _corrupt = _meter.CreateCounter<long>("memcached.storage.corrupt_records", "{record}", "Records (or their chunks) that failed format, checksum or deserialization checks and were read as missing.");
        _missing = _meter.CreateCounter<long>("memcached.storage.missing_records", "{record}",
            "Stored data found missing (evicted or expired early), tagged reason: record (a record the caller knew is gone from every replica), replica (one replica lacks a record others hold), chunk (a chunk of a record is gone).");
        _repairs = _meter.CreateCounter<long>("memcached.storage.replica_repairs", "{copy}", "Replicas brought up to date, tagged trigger read or write.");
        _repairFailures = _meter.CreateCounter<long>("memcached.storage.replica_repair_failures", "{copy}", "Read-repairs that failed (the read itself succeeded).");
        _failures = _meter.CreateCounter<long>("memcached.storage.failures", "{operation}", "Operations that failed with MemcachedStorageException, tagged operation and kind.");
    }

    /// <summary>The meter (tests attach collectors to it).</summary>
    internal Meter Meter => _meter;

    internal void Read(string provider, bool hit) =>
        _reads.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    internal void Written(string provider, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("provider", provider);
        _writes.Add(1, tag);
        _writeSize.Record(bytes, tag);
    }

    internal void Cleared(string provider) => _clears.Add(1, new KeyValuePair<string, object?>("provider", provider));

    internal void Conflict(string provider) => _conflicts.Add(1, new KeyValuePair<string, object?>("provider", provider));

    internal void Corrupt(string provider) => _corrupt.Add(1, new KeyValuePair<string, object?>("provider", provider));

    internal void Missing(string provider, MissingReason reason) =>
        _missing.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason switch
        {
            MissingReason.Record => "record",
            MissingReason.Replica => "replica",
            _ => "chunk",
        }));

    internal void Repaired(string provider, RepairTrigger trigger) =>
        _repairs.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("trigger", trigger == RepairTrigger.Read ? "read" : "write"));

    internal void RepairFailed(string provider) => _repairFailures.Add(1, new KeyValuePair<string, object?>("provider", provider));

    internal void Failed(string provider, string operation, MemcachedErrorKind kind) =>
        _failures.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("kind", kind.ToString()));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
