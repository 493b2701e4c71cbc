using Drill.Scenarios;
using Drill.Workload;

namespace Drill.Reporting;

/// <summary>What one drill measured. Times are ms since the drill's workload started.</summary>
internal sealed record ScenarioResult
{
    /// <summary>A request counts as disturbed above this latency, or above twice the baseline p99 if that is higher.</summary>
    public const double MinSlowMs = 200;

    public required Scenario Scenario { get; init; }

    /// <summary>HTTP requests, the final read of every session included.</summary>
    public required int Requests { get; init; }

    /// <summary>Requests without the expected answer (status, connection error, timeout).</summary>
    public required int HttpErrors { get; init; }

    /// <summary>Responses that lacked (or had a wrong) value the user had written and been acknowledged.</summary>
    public required int Lost { get; init; }

    /// <summary>Responses that showed a value the user had already overwritten.</summary>
    public required int Stale { get; init; }

    /// <summary>Latency of the requests from the fault on (those in flight when it struck included).</summary>
    public required Percentiles Latency { get; init; }

    /// <summary>p99 before the fault.</summary>
    public required double BaselineP99 { get; init; }

    /// <summary>From the fault's start until the last second with an error, a failed verification or a p99 above the slow threshold; 0 when undisturbed.</summary>
    public required double RecoveryMs { get; init; }

    public required double FaultStartMs { get; init; }

    public required double FaultEndMs { get; init; }

    public required double EndMs { get; init; }

    public required IReadOnlyList<RequestSample> Samples { get; init; }

    public required IReadOnlyList<VerificationFailure> Failures { get; init; }

    public required IReadOnlyDictionary<string, int> Errors { get; init; }

    public int VerificationFailures => Lost + Stale;

    public static ScenarioResult From(Scenario scenario, Recorder run, Recorder final, double faultStart, double faultEnd, double end)
    {
        var samples = run.Samples;
        var failures = run.Failures.Concat(final.Failures).ToList();
        var errors = new Dictionary<string, int>(run.Errors, StringComparer.Ordinal);
        foreach (var (kind, count) in final.Errors)
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        var baseline = Percentiles.Of(samples.Where(s => s.StartMs >= 1000 && s.EndMs < faultStart).Select(s => s.LatencyMs));
        var slowMs = Math.Max(MinSlowMs, 2 * baseline.P99);
        return new ScenarioResult
        {
            Scenario = scenario,
            Requests = samples.Count + final.Samples.Count,
            HttpErrors = samples.Count(s => !s.Ok) + final.Samples.Count(s => !s.Ok),
            Lost = failures.Count(f => f.Mismatch.Lost),
            Stale = failures.Count(f => !f.Mismatch.Lost && f.Mismatch.Stale),
            Latency = Percentiles.Of(samples.Where(s => s.EndMs >= faultStart).Select(s => s.LatencyMs)),
            BaselineP99 = baseline.P99,
            RecoveryMs = Recovery(samples, run.Failures, faultStart, slowMs),
            FaultStartMs = faultStart,
            FaultEndMs = faultEnd,
            EndMs = end,
            Samples = samples,
            Failures = failures,
            Errors = errors,
        };
    }

    /// <summary>The end of the last disturbed second after the fault (seconds counted from the fault's start).</summary>
    private static double Recovery(IReadOnlyList<RequestSample> samples, IReadOnlyList<VerificationFailure> failures, double faultStart, double slowMs)
    {
        var disturbed = new HashSet<int>();
        foreach (var bucket in samples.Where(s => s.EndMs >= faultStart).GroupBy(s => (int)((s.EndMs - faultStart) / 1000)))
        {
            if (bucket.Any(s => !s.Ok) || Percentiles.Of(bucket.Select(s => s.LatencyMs)).P99 > slowMs)
            {
                disturbed.Add(bucket.Key);
            }
        }

        foreach (var failure in failures.Where(f => f.AtMs >= faultStart))
        {
            disturbed.Add((int)((failure.AtMs - faultStart) / 1000));
        }

        return disturbed.Count == 0 ? 0 : (disturbed.Max() + 1) * 1000.0;
    }
}
