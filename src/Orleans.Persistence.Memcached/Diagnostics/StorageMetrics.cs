using System.Diagnostics.Metrics;

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

    /// <summary>Creates the instruments.</summary>
    public StorageMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _reads = _meter.CreateCounter<long>("memcached.storage.reads", "{read}", "State reads, tagged hit or miss.");
        _writes = _meter.CreateCounter<long>("memcached.storage.writes", "{write}", "State writes that succeeded.");
        _writeSize = _meter.CreateHistogram<long>("memcached.storage.write.size", "By", "Serialized size of written states.");
        _clears = _meter.CreateCounter<long>("memcached.storage.clears", "{clear}", "State clears that succeeded.");
        _conflicts = _meter.CreateCounter<long>("memcached.storage.conflicts", "{conflict}", "ETag conflicts (InconsistentStateException).");
        _corrupt = _meter.CreateCounter<long>("memcached.storage.corrupt_records", "{record}", "Records that failed format, checksum or deserialization checks and were read as missing.");
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

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
