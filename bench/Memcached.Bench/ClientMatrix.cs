using TestKit;

namespace Memcached.Bench;

/// <summary>Our client alone: value size × concurrency × set/get, each a fixed-duration measurement after a warm-up.</summary>
internal static class ClientMatrix
{
    private const int KeyCount = 1000;
    private static readonly int[] ValueSizes = [100, 1024, 10 * 1024];
    private static readonly int[] Concurrency = [1, 16, 256];

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "matrix: our client alone");
        await using MemcachedServer server = await BenchServers.StartMemcachedAsync();
        MemcachedClientOptions clientOptions = options.ClientOptions(server.EndPoint);
        await using MemcachedClient client = new(clientOptions);
        MachineFacts.Print(report, options, [await BenchServers.DescribeAsync(server, client), BenchServers.Describe(clientOptions)]);

        IBenchTarget ours = new MemcachedTarget(client);
        Report.Progress("matrix: warming up our client");
        await Workloads.WarmUpAsync(ours, options.SectionWarmup);
        Dictionary<int, LatencyRecorder> recorders = Concurrency.ToDictionary(c => c, c => new LatencyRecorder(c, totalSamples: 2_000_000));
        MarkdownTable table = new("op", "value", "C", "ops/s", "MB/s (values)", "p50", "p99", "failures");
        foreach (string op in new[] { "set", "get" })
        {
            foreach (int size in ValueSizes)
            {
                string[] keys = Workloads.Keys($"bench:matrix:{size}", KeyCount);
                byte[] value = Workloads.Value(size);
                if (op == "get")
                {
                    await Workloads.PreloadAsync(ours, keys, value);
                }

                foreach (int concurrency in Concurrency)
                {
                    Report.Progress($"matrix: {op} {Format.Bytes(size)} C={concurrency}");
                    BenchOperation operation = op == "set" ? Workloads.SetSpread(ours, keys, value) : Workloads.GetSpread(ours, keys, size);
                    LatencyRecorder recorder = recorders[concurrency];
                    await LoadRunner.RunTimedAsync(concurrency, options.Warmup, operation, recorder);
                    LoadResult result = await LoadRunner.RunTimedAsync(concurrency, options.Duration, operation, recorder);
                    table.Add(op, Format.Bytes(size), $"{concurrency}", Format.Rate(result.OpsPerSecond),
                        $"{result.OpsPerSecond * size / (1024 * 1024):0.0}",
                        Format.Micros(result.Latency?.P50 ?? double.NaN), Format.Micros(result.Latency?.P99 ?? double.NaN) + (result.Latency?.Truncated == true ? " (sampled)" : string.Empty),
                        result.FirstError is null ? $"{result.Failures}" : $"{result.Failures} ({result.FirstError})");
                }
            }
        }

        report.Heading(3, "Results");
        report.Table(table);
        report.Paragraph(
            $"{KeyCount} keys per value size (pre-loaded before the gets, untimed); each of C async workers loops on the keys " +
            $"from its own starting point for {options.Duration.TotalSeconds:0.##} s after a {options.Warmup.TotalSeconds:0.##} s " +
            "warm-up; one measurement per row. p50/p99: nearest-rank percentiles of every operation's latency. Failures: sets " +
            "not STORED, gets that missed or had the wrong length, exceptions.");
    }
}
