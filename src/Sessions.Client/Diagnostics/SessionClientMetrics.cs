using System.Diagnostics.Metrics;

namespace Sessions.Client.Diagnostics;

/// <summary>The client helper's instruments, on the meter <c>Sessions.Client</c>.</summary>
public sealed class SessionClientMetrics : IDisposable
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Sessions.Client";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments.</summary>
    public SessionClientMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("sessions.client.calls", "{call}", "Session calls, tagged method and outcome (ok, error).");
        _retries = _meter.CreateCounter<long>("sessions.client.retries", "{retry}", "Attempts retried after a transient failure, tagged method and error type.");
        _duration = _meter.CreateHistogram<double>("sessions.client.call.duration", "s", "Session call latency including retries.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    internal void Completed(string method, bool ok, TimeSpan elapsed)
    {
        var methodTag = new KeyValuePair<string, object?>("method", method);
        _calls.Add(1, methodTag, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
        _duration.Record(elapsed.TotalSeconds, methodTag);
    }

    internal void Retried(string method, Exception error) =>
        _retries.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("error.type", error.GetType().Name));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
