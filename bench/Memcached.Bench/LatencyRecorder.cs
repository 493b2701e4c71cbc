using System.Buffers;
using System.Diagnostics;

namespace Memcached.Bench;

/// <summary>Latency percentiles of one measurement, in microseconds.</summary>
internal sealed record LatencySummary(double P50, double P99, long Samples, bool Truncated);

/// <summary>
/// Per-worker preallocated arrays of Stopwatch ticks, one entry per operation, so recording costs a store and
/// nothing is shared between workers. Percentiles are computed after the run. Allocate one per concurrency level and
/// reuse it for every contender and round.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[][] _buffers;
    private readonly int[] _recorded;
    private readonly long[] _operations;

    /// <param name="workers">How many workers record.</param>
    /// <param name="totalSamples">Samples to hold across all workers; each worker gets an equal share (at least 4 Ki).</param>
    public LatencyRecorder(int workers, int totalSamples)
    {
        int perWorker = Math.Max(4096, totalSamples / workers);
        _buffers = new long[workers][];
        for (int i = 0; i < workers; i++)
        {
            _buffers[i] = new long[perWorker];
        }

        _recorded = new int[workers];
        _operations = new long[workers];
    }

    public int Workers => _buffers.Length;

    public long[] Buffer(int worker) => _buffers[worker];

    public void Complete(int worker, int recorded, long operations)
    {
        _recorded[worker] = recorded;
        _operations[worker] = operations;
    }

    public void Reset()
    {
        Array.Clear(_recorded);
        Array.Clear(_operations);
    }

    /// <summary>Merges every worker's samples and returns nearest-rank p50 and p99.</summary>
    public LatencySummary? Summarize()
    {
        long total = 0;
        bool truncated = false;
        for (int i = 0; i < _buffers.Length; i++)
        {
            total += _recorded[i];
            truncated |= _operations[i] > _recorded[i];
        }

        if (total == 0)
        {
            return null;
        }

        long[] merged = ArrayPool<long>.Shared.Rent(checked((int)total));
        try
        {
            int offset = 0;
            for (int i = 0; i < _buffers.Length; i++)
            {
                Array.Copy(_buffers[i], 0, merged, offset, _recorded[i]);
                offset += _recorded[i];
            }

            Span<long> samples = merged.AsSpan(0, offset);
            samples.Sort();
            return new LatencySummary(ToMicros(Percentile(samples, 0.50)), ToMicros(Percentile(samples, 0.99)), total, truncated);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(merged);
        }
    }

    private static long Percentile(ReadOnlySpan<long> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double ToMicros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}

/// <summary>Small statistics helpers.</summary>
internal static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
