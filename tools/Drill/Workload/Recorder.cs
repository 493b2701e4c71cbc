using System.Collections.Concurrent;
using System.Diagnostics;

namespace Drill.Workload;

/// <summary>One HTTP request of the workload.</summary>
/// <param name="StartMs">When it started, in ms since the recorder's origin.</param>
/// <param name="LatencyMs">How long it took.</param>
/// <param name="Ok">Whether it got the expected answer.</param>
internal readonly record struct RequestSample(double StartMs, double LatencyMs, bool Ok)
{
    /// <summary>When it ended.</summary>
    public double EndMs => StartMs + LatencyMs;
}

/// <summary>A response that showed a session other than what its user wrote.</summary>
/// <param name="AtMs">When (end of the response), in ms since the origin.</param>
/// <param name="Mismatch">What was wrong.</param>
internal sealed record VerificationFailure(double AtMs, Mismatch Mismatch);

/// <summary>Collects the requests, errors and verification failures of one run, timed from one origin.</summary>
internal sealed class Recorder
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<RequestSample> _samples = new();
    private readonly ConcurrentQueue<VerificationFailure> _failures = new();
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);

    /// <summary>Milliseconds since the origin.</summary>
    public double Now => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    public IReadOnlyList<RequestSample> Samples => [.. _samples];

    public IReadOnlyList<VerificationFailure> Failures => [.. _failures];

    /// <summary>Errors by kind (status or exception, action, front-end), with counts.</summary>
    public IReadOnlyDictionary<string, int> Errors => new Dictionary<string, int>(_errors, StringComparer.Ordinal);

    public void Request(double startMs, double latencyMs, string? error)
    {
        _samples.Enqueue(new RequestSample(startMs, latencyMs, error is null));
        if (error is not null)
        {
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }

    public void Failed(Mismatch mismatch) => _failures.Enqueue(new VerificationFailure(Now, mismatch));
}
