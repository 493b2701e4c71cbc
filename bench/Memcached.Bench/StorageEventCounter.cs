using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Persistence.Memcached.Diagnostics;

namespace Memcached.Bench;

/// <summary>Counts the grain storage's repair, missing, corrupt, conflict and failure events while a section runs.</summary>
internal sealed class StorageEventCounter : IDisposable
{
    private static readonly string[] Instruments =
    [
        "memcached.storage.replica_repairs", "memcached.storage.missing_records", "memcached.storage.corrupt_records",
        "memcached.storage.conflicts", "memcached.storage.failures",
    ];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public StorageEventCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && Instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    public string Describe() => string.Join(", ", Instruments.Select(i => $"{i["memcached.storage.".Length..]} {_counts.GetValueOrDefault(i)}"));

    public void Dispose() => _listener.Dispose();
}
