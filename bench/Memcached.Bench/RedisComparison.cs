using System.Reflection;
using StackExchange.Redis;
using TestKit;

namespace Memcached.Bench;

/// <summary>
/// Our client on memcached vs StackExchange.Redis on redis-server, both local: the same SET and GET of 1 KB values over
/// the same 1000 keys at the same concurrency, each measurement a fixed duration after a warm-up, rounds alternating
/// StackExchange.Redis, ours, StackExchange.Redis, ours…; the median of the per-round ratios (ours/theirs) is reported.
/// </summary>
internal static class RedisComparison
{
    private const int ValueSize = 1024;
    private const int KeyCount = 1000;
    private static readonly int[] Concurrency = [1, 16, 64, 256];

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "redis: our client on memcached vs StackExchange.Redis on redis-server");
        await using MemcachedServer memcached = await BenchServers.StartMemcachedAsync();
        await using RedisServer redisServer = await BenchServers.StartRedisAsync();
        MemcachedClientOptions clientOptions = options.ClientOptions(memcached.EndPoint);
        await using MemcachedClient client = new(clientOptions);
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(redisServer.EndPoint);
        MachineFacts.Print(report, options,
        [
            await BenchServers.DescribeAsync(memcached, client),
            BenchServers.Describe(redisServer, redis),
            BenchServers.Describe(clientOptions),
            $"peer: StackExchange.Redis {PackageVersion()}, one shared `ConnectionMultiplexer` (defaults), `StringSetAsync` / `StringGetLeaseAsync`",
        ]);

        IBenchTarget theirs = new RedisTarget(redis.GetDatabase());
        IBenchTarget ours = new MemcachedTarget(client);
        Report.Progress("redis: warming up both clients");
        await Workloads.WarmUpAsync(theirs, options.SectionWarmup);
        await Workloads.WarmUpAsync(ours, options.SectionWarmup);

        string[] keys = Workloads.Keys("bench:1k", KeyCount);
        byte[] value = Workloads.Value(ValueSize);
        await Workloads.PreloadAsync(theirs, keys, value);
        await Workloads.PreloadAsync(ours, keys, value);

        MarkdownTable table = new("op", "C", "SE.Redis ops/s", "ours ops/s", "ratios per round", "median ratio ours/SE.Redis", "SE.Redis p50 / p99", "ours p50 / p99", "CPU µs/op SE.Redis / ours", "server CPU µs/op redis-server / memcached", "allocated B/op SE.Redis / ours", "failures SE.Redis / ours");
        Func<TimeSpan> redisCpu = LoadRunner.ServerClock(redisServer);
        Func<TimeSpan> memcachedCpu = LoadRunner.ServerClock(memcached);
        Dictionary<int, LatencyRecorder> recorders = [];
        foreach (string op in new[] { "SET", "GET" })
        {
            foreach (int concurrency in Concurrency)
            {
                LatencyRecorder recorder = recorders.TryGetValue(concurrency, out LatencyRecorder? existing)
                    ? existing
                    : recorders[concurrency] = new LatencyRecorder(concurrency, totalSamples: 2_000_000);
                BenchOperation theirOperation = op == "SET" ? Workloads.SetSpread(theirs, keys, value) : Workloads.GetSpread(theirs, keys, ValueSize);
                BenchOperation ourOperation = op == "SET" ? Workloads.SetSpread(ours, keys, value) : Workloads.GetSpread(ours, keys, ValueSize);

                Report.Progress($"redis: {op} C={concurrency} warm-up");
                await LoadRunner.RunTimedAsync(concurrency, options.Warmup, theirOperation, recorder);
                await LoadRunner.RunTimedAsync(concurrency, options.Warmup, ourOperation, recorder);

                List<LoadResult> theirResults = [];
                List<LoadResult> ourResults = [];
                for (int round = 1; round <= options.Rounds; round++)
                {
                    Report.Progress($"redis: {op} C={concurrency} round {round}/{options.Rounds}");
                    theirResults.Add(await LoadRunner.RunTimedAsync(concurrency, options.Duration, theirOperation, recorder, redisCpu));
                    ourResults.Add(await LoadRunner.RunTimedAsync(concurrency, options.Duration, ourOperation, recorder, memcachedCpu));
                }

                double[] ratios = [.. ourResults.Zip(theirResults, (o, t) => o.OpsPerSecond / t.OpsPerSecond)];
                table.Add(op, $"{concurrency}", Format.Rate(MedianRate(theirResults)), Format.Rate(MedianRate(ourResults)), Format.Ratios(ratios),
                    $"**{Format.Ratio(Statistics.Median(ratios))}**", Latencies(theirResults), Latencies(ourResults),
                    $"{Format.CpuPerOperation(theirResults)} / {Format.CpuPerOperation(ourResults)}",
                    $"{Format.ServerCpuPerOperation(theirResults)} / {Format.ServerCpuPerOperation(ourResults)}",
                    $"{Format.AllocatedPerOperation(theirResults)} / {Format.AllocatedPerOperation(ourResults)}",
                    $"{Failures(theirResults)} / {Failures(ourResults)}");
            }
        }

        report.Heading(3, "Results");
        report.Table(table);
        report.Paragraph(
            $"{ValueSize}-byte values, {KeyCount} keys (pre-loaded into both stores, untimed); each of C async workers loops " +
            $"set or get on the keys from its own starting point for {options.Duration.TotalSeconds:0.##} s after a " +
            $"{options.Warmup.TotalSeconds:0.##} s warm-up per row and contender; {options.Rounds} rounds alternating " +
            "StackExchange.Redis then ours. ops/s are medians over the rounds; p50/p99 are the medians over the rounds of each " +
            "round's nearest-rank percentile of every operation's latency (Stopwatch ticks, preallocated per worker). Failures: " +
            "sets not acknowledged, gets that missed or had the wrong length, exceptions. CPU and allocated bytes per operation: " +
            "the bench process's, over each measurement, medians over the rounds (the contenders run one at a time, so the " +
            "figures are the measured one's; at low C they include thread-pool threads spinning while they wait for a reply).");
    }

    private static string PackageVersion()
    {
        string? version = typeof(ConnectionMultiplexer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return version is null ? "(unknown version)" : version.Split('+')[0];
    }

    private static double MedianRate(IEnumerable<LoadResult> results) => Statistics.Median(results.Select(r => r.OpsPerSecond));

    private static string Latencies(IReadOnlyCollection<LoadResult> results) =>
        $"{Format.Micros(Statistics.Median(results.Select(r => r.Latency?.P50 ?? double.NaN)))} / " +
        $"{Format.Micros(Statistics.Median(results.Select(r => r.Latency?.P99 ?? double.NaN)))}" +
        (results.Any(r => r.Latency?.Truncated == true) ? " (sampled)" : string.Empty);

    private static string Failures(IEnumerable<LoadResult> results)
    {
        long failures = results.Sum(r => r.Failures);
        string? error = results.Select(r => r.FirstError).FirstOrDefault(e => e is not null);
        return error is null ? $"{failures}" : $"{failures} ({error})";
    }
}
