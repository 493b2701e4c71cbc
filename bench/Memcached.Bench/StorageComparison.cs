using Orleans.Storage;
using StackExchange.Redis;
using TestKit;

namespace Memcached.Bench;

/// <summary>
/// Grain storage: our provider vs the raw client writing/reading the same bytes (the limit) vs Orleans'
/// Redis provider on a local redis-server (the peer). Rounds alternate ours, raw, Redis; the medians
/// of the per-round ratios are reported.
/// </summary>
internal static class StorageComparison
{
    // Unless the command line narrows them (--sizes, --grains).
    private static readonly int[] Sizes = [1024, 64 * 1024];
    private static readonly int[] Concurrency = [1, 64, 512];

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "storage: our grain storage vs the raw client vs Orleans' Redis provider");
        await using MemcachedServer memcached = await BenchServers.StartMemcachedAsync();
        await using RedisServer redisServer = await BenchServers.StartRedisAsync();
        MemcachedClientOptions clientOptions = options.ClientOptions(memcached.EndPoint);
        await using MemcachedClient raw = new(clientOptions);
        await using StorageHost host = await StorageHost.StartAsync(memcached.EndPoint, redisServer.EndPoint);
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(redisServer.EndPoint);
        MachineFacts.Print(report, options,
        [
            await BenchServers.DescribeAsync(memcached, raw),
            BenchServers.Describe(redisServer, redis),
            "contenders: `IGrainStorage` of `AddMemcachedGrainStorage` (MemoryPack state) and of `AddRedisGrainStorage` (Microsoft.Orleans.Persistence.Redis 10.4.2, its default JSON serializer), resolved from one in-process silo and called directly; the raw `MemcachedClient` set/get of the same payload",
        ],
        $"every contender writes and reads a 1 KB state at {WarmUpGrains} grains, twice over, {options.SectionWarmup.TotalSeconds:0.#} s in all, before the first row (JIT tier-up), then every row has its own untimed warm-up");
        await WarmUpAsync(host, raw, options.SectionWarmup);

        MarkdownTable table = new("op", "state", "grains", "ours ops/s", "raw ops/s", "Redis provider ops/s", "ours/raw per round", "median ours/raw", "median ours/Redis", "p99 ours / raw / Redis", "CPU µs/op ours / raw / Redis", "server CPU µs/op ours / raw / Redis", "allocated B/op ours / raw / Redis", "failures");
        Func<TimeSpan> memcachedCpu = LoadRunner.ServerClock(memcached);
        Func<TimeSpan>[] serverClocks = [memcachedCpu, memcachedCpu, LoadRunner.ServerClock(redisServer)];
        foreach (int size in options.StateSizes ?? Sizes)
        {
            byte[] payload = Workloads.Value(size);
            foreach (int concurrency in options.Grains ?? Concurrency)
            {
                Contenders contenders = await Contenders.PrepareAsync(host, raw, $"{size}-{concurrency}-{Guid.NewGuid():N}", concurrency, payload);
                LatencyRecorder recorder = new(concurrency, totalSamples: 2_000_000);
                table.Add(await MeasureRowAsync("write", size, concurrency, contenders.Writes, serverClocks, recorder, options));
                table.Add(await MeasureRowAsync("read", size, concurrency, contenders.Reads, serverClocks, recorder, options));
            }
        }

        report.Heading(3, "Results");
        report.Table(table);
        report.Paragraph(
            $"Each of C async workers owns one grain (its own GrainId and grain-state object, keeping the ETag it got back, as an activation does) " +
            $"and loops `WriteStateAsync` or `ReadStateAsync` of one state for {options.Duration.TotalSeconds:0.##} s after a {options.Warmup.TotalSeconds:0.##} s warm-up per row and contender; " +
            $"{options.Rounds} rounds alternating ours, raw, Redis provider. ops/s are medians over the rounds; ratios are medians of the per-round ratios; " +
            "p99 is the median over the rounds of each round's nearest-rank 99th percentile. " +
            "CPU µs/op and allocated B/op are the bench process's CPU time and allocated bytes during each measurement, per operation, medians over the rounds " +
            "(at 1 grain the CPU includes thread-pool threads spinning while they wait for a reply); server CPU µs/op is the memcached process's (ours, raw) or the redis-server's (Redis provider), " +
            "which shares the machine's cores with the bench. Failures: exceptions (an ETag conflict included) and reads that missed or had the wrong length.");
    }

    private const int WarmUpGrains = 16;

    /// <summary>
    /// Runs every contender's writes and reads twice over before the first row. Once is not enough: the Redis provider's
    /// first run brings many new methods, which holds back the JIT's tier-up of the others, and the first row's first
    /// round would measure ours half-compiled.
    /// </summary>
    private static async Task WarmUpAsync(StorageHost host, IMemcachedClient raw, TimeSpan duration)
    {
        Contenders contenders = await Contenders.PrepareAsync(host, raw, $"warm-up-{Guid.NewGuid():N}", WarmUpGrains, Workloads.Value(1024));
        BenchOperation[] operations = [.. contenders.Writes, .. contenders.Reads];
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (BenchOperation operation in operations)
            {
                await LoadRunner.RunTimedAsync(WarmUpGrains, duration / (2 * operations.Length), operation, recorder: null);
            }
        }
    }

    private static async Task<string[]> MeasureRowAsync(string op, int size, int concurrency, BenchOperation[] contenders, Func<TimeSpan>[] serverClocks, LatencyRecorder recorder, BenchOptions options)
    {
        foreach (BenchOperation contender in contenders)
        {
            await LoadRunner.RunTimedAsync(concurrency, options.Warmup, contender, recorder);
        }

        List<LoadResult>[] results = [[], [], []];
        for (int round = 1; round <= options.Rounds; round++)
        {
            Report.Progress($"storage: {op} {Format.Bytes(size)} C={concurrency} round {round}/{options.Rounds}");
            for (int i = 0; i < contenders.Length; i++)
            {
                results[i].Add(await LoadRunner.RunTimedAsync(concurrency, options.Duration, contenders[i], recorder, serverClocks[i]));
            }
        }

        double[] vsRaw = [.. results[0].Zip(results[1], (o, r) => o.OpsPerSecond / r.OpsPerSecond)];
        double[] vsRedis = [.. results[0].Zip(results[2], (o, r) => o.OpsPerSecond / r.OpsPerSecond)];
        return
        [
            op, Format.Bytes(size), $"{concurrency}",
            .. results.Select(r => Format.Rate(Statistics.Median(r.Select(x => x.OpsPerSecond)))),
            Format.Ratios(vsRaw), $"**{Format.Ratio(Statistics.Median(vsRaw))}**", $"**{Format.Ratio(Statistics.Median(vsRedis))}**",
            string.Join(" / ", results.Select(r => Format.Micros(Statistics.Median(r.Select(x => x.Latency?.P99 ?? double.NaN))))),
            string.Join(" / ", results.Select(Format.CpuPerOperation)),
            string.Join(" / ", results.Select(Format.ServerCpuPerOperation)),
            string.Join(" / ", results.Select(Format.AllocatedPerOperation)),
            string.Join(" / ", results.Select(r => $"{r.Sum(x => x.Failures)}{(r.Select(x => x.FirstError).FirstOrDefault(e => e is not null) is { } e ? $" ({e})" : string.Empty)}")),
        ];
    }

    /// <summary>Each contender's write and read, in the order ours, raw, Redis provider, on C grains whose state is written once.</summary>
    private sealed record Contenders(BenchOperation[] Writes, BenchOperation[] Reads)
    {
        public static async Task<Contenders> PrepareAsync(StorageHost host, IMemcachedClient raw, string run, int concurrency, byte[] payload)
        {
            ProviderWorkload ours = new(host.Memcached, run, concurrency, payload);
            RawWorkload limit = new(raw, run, concurrency, payload);
            ProviderWorkload peer = new(host.Redis, run, concurrency, payload);
            await ours.PrepareAsync();
            await limit.PrepareAsync();
            await peer.PrepareAsync();
            return new Contenders([ours.Write, limit.Write, peer.Write], [ours.Read, limit.Read, peer.Read]);
        }
    }
}
