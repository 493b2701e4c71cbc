using System.Diagnostics.Metrics;

namespace Sessions.AspNetCore.Diagnostics;

/// <summary>
/// The store's instruments, on the meter <c>ClusterSessions.AspNetCore</c> (names prefixed <c>sessions.web.</c>).
/// </summary>
public sealed class SessionWebMetrics : IDisposable
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "ClusterSessions.AspNetCore";

    private readonly Meter _meter;
    private readonly Counter<long> _loads;
    private readonly Histogram<double> _loadDuration;
    private readonly Counter<long> _commits;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _ignored;
    private readonly Counter<long> _blockingLoads;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _evictions;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory; null creates a standalone meter.</param>
    public SessionWebMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _loads = _meter.CreateCounter<long>("sessions.web.loads", "{load}", "Session loads at request start, tagged result: cached (this front-end's read cache, no grain call), found, missing or failed.");
        _loadDuration = _meter.CreateHistogram<double>("sessions.web.load.duration", "s", "Duration of session loads.");
        _commits = _meter.CreateCounter<long>("sessions.web.commits", "{commit}", "Session commits (only requests that changed the session), tagged result: ok, limit or failed.");
        _commitDuration = _meter.CreateHistogram<double>("sessions.web.commit.duration", "s", "Duration of session commits.");
        _ignored = _meter.CreateCounter<long>("sessions.web.ignored_requests", "{request}", "Requests matching the ignore pattern (no load, no commit).");
        _blockingLoads = _meter.CreateCounter<long>("sessions.web.blocking_loads", "{load}", "Session reads that had to wait synchronously for the load (should stay 0).");
        _operations = _meter.CreateCounter<long>("sessions.web.operations", "{operation}", "Regenerate, bind-user, invalidate and log-out-everywhere calls, tagged operation and result.");
        _evictions = _meter.CreateCounter<long>("sessions.web.read_cache.evictions", "{eviction}", "Cached sessions evicted by their grain before it acknowledged a change made elsewhere.");
    }

    /// <summary>Reports the read cache's size (sessions and evictions held) as <c>sessions.web.read_cache.entries</c>.</summary>
    internal void ObserveReadCache(Func<int> entries) =>
        _meter.CreateObservableGauge("sessions.web.read_cache.entries", entries, "{entry}", "Sessions (and recent evictions) held by this front-end's read cache.");

    internal void Evicted() => _evictions.Add(1);

    /// <summary>The meter (tests attach collectors to it).</summary>
    internal Meter Meter => _meter;

    internal void Loaded(string result, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _loads.Add(1, tag);
        _loadDuration.Record(elapsed.TotalSeconds, tag);
    }

    internal void Committed(string result, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _commits.Add(1, tag);
        _commitDuration.Record(elapsed.TotalSeconds, tag);
    }

    internal void Ignored() => _ignored.Add(1);

    internal void BlockingLoad() => _blockingLoads.Add(1);

    internal void Operation(string operation, bool ok) =>
        _operations.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
