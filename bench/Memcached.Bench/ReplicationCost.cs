using Orleans.Hosting;
using TestKit;

namespace Memcached.Bench;

/// <summary>
/// The cost of replication and of large states: our provider with ReplicaCount 1, 2 and 3 on the same three
/// memcached nodes, for 1 KB, 1 MB and 8 MB states (random, incompressible bytes, so 1 MB and 8 MB are chunked).
/// Rounds alternate R=1, R=2, R=3; ratios are medians of per-round ratios.
/// </summary>
internal static class ReplicationCost
{
    private static readonly (int Size, int Grains)[] Rows = [(1024, 64), (1024 * 1024, 8), (8 * 1024 * 1024, 2)];
    private static readonly int[] ReplicaCounts = [1, 2, 3];

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "storage: cost of replication (ReplicaCount 1 vs 2 vs 3) and large states");
        await using MemcachedCluster cluster = await MemcachedCluster.StartAsync(3, new MemcachedServerOptions { MemoryMegabytes = 1024, Threads = 2 });
        await using MemcachedClient raw = new(options.ClientOptions(cluster[0].EndPoint));
        await using StorageHost host = await StorageHost.StartAsync(silo =>
        {
            foreach (int replicas in ReplicaCounts)
            {
                silo.AddMemcachedGrainStorage($"r{replicas}", o =>
                {
                    foreach (string endPoint in cluster.EndPoints)
                    {
                        o.Client.Servers.Add(endPoint);
                    }

                    o.Client.OperationTimeout = TimeSpan.FromSeconds(5);
                    o.ReplicaCount = replicas;
                    o.KeyPrefix = $"r{replicas}/";
                });
            }
        });
        MachineFacts.Print(report, options,
        [
            $"3 x {await BenchServers.DescribeAsync(cluster[0], raw)} (same options on each node)",
            "contenders: `IGrainStorage` of `AddMemcachedGrainStorage` with `ReplicaCount` 1, 2 and 3 on the same 3 nodes (MemoryPack state of random bytes; LZ4 is tried from 128 KB and dropped as it does not shrink them)",
        ],
        $"every row has its own untimed warm-up ({options.Warmup.TotalSeconds:0.##} s per contender)");

        using StorageEventCounter events = new();
        MarkdownTable table = new("op", "state", "grains", "R=1 ops/s", "R=2 ops/s", "R=3 ops/s", "R=1 MB/s", "median R=2/R=1", "median R=3/R=1", "p99 R=1 / R=2 / R=3", "failures");
        foreach ((int size, int grains) in Rows)
        {
            byte[] payload = new byte[size];
            Random.Shared.NextBytes(payload);
            string run = $"{size}-{Guid.NewGuid():N}";
            ProviderWorkload[] workloads = [.. ReplicaCounts.Select(r => new ProviderWorkload(host.Storage($"r{r}"), run, grains, payload))];
            foreach (ProviderWorkload workload in workloads)
            {
                await workload.PrepareAsync();
            }

            LatencyRecorder recorder = new(grains, totalSamples: 200_000);
            TimeSpan duration = size >= 1024 * 1024 ? options.Duration * 3 : options.Duration;
            foreach (string op in new[] { "write", "read" })
            {
                BenchOperation[] contenders = [.. workloads.Select(w => op == "write" ? w.Write : w.Read)];
                table.Add(await MeasureRowAsync(op, size, grains, contenders, recorder, options, duration));
            }
        }

        report.Heading(3, "Results");
        report.Table(table);
        report.Paragraph($"Storage events during the section (they would explain a slow row): {events.Describe()}.");
        report.Paragraph(
            "Each of C async workers owns one grain and loops `WriteStateAsync` (keeping its ETag) or `ReadStateAsync` of one state; " +
            $"{options.Rounds} rounds alternating R=1, R=2, R=3, {options.Duration.TotalSeconds:0.##} s per measurement (x3 for 1 MB and 8 MB) after a warm-up. " +
            "A write reads the head on every replica, compare-and-swaps the first, then copies to the others (3 round trips with 2 or 3 replicas; with one replica a single compare-and-swap, as each worker keeps its grain-state object); " +
            "a read fetches the head from every replica in parallel (plus the chunks from one). ops/s are medians over the rounds; failures count exceptions and reads that missed or had the wrong length.");
    }

    private static async Task<string[]> MeasureRowAsync(string op, int size, int grains, BenchOperation[] contenders, LatencyRecorder recorder, BenchOptions options, TimeSpan duration)
    {
        foreach (BenchOperation contender in contenders)
        {
            await LoadRunner.RunTimedAsync(grains, options.Warmup, contender, recorder);
        }

        List<LoadResult>[] results = [.. contenders.Select(_ => new List<LoadResult>())];
        for (int round = 1; round <= options.Rounds; round++)
        {
            Report.Progress($"replicas: {op} {Format.Bytes(size)} C={grains} round {round}/{options.Rounds}");
            for (int i = 0; i < contenders.Length; i++)
            {
                results[i].Add(await LoadRunner.RunTimedAsync(grains, duration, contenders[i], recorder));
            }
        }

        double Ratio(int i) => Statistics.Median(results[i].Zip(results[0], (r, one) => r.OpsPerSecond / one.OpsPerSecond));
        double oneOps = Statistics.Median(results[0].Select(x => x.OpsPerSecond));
        return
        [
            op, Format.Bytes(size), $"{grains}",
            .. results.Select(r => Format.Rate(Statistics.Median(r.Select(x => x.OpsPerSecond)))),
            Format.Rate(oneOps * size / (1024 * 1024)),
            $"**{Format.Ratio(Ratio(1))}**", $"**{Format.Ratio(Ratio(2))}**",
            string.Join(" / ", results.Select(r => Format.Micros(Statistics.Median(r.Select(x => x.Latency?.P99 ?? double.NaN))))),
            string.Join(" / ", results.Select(r => $"{r.Sum(x => x.Failures)}{(r.Select(x => x.FirstError).FirstOrDefault(e => e is not null) is { } e ? $" ({e})" : string.Empty)}")),
        ];
    }
}
