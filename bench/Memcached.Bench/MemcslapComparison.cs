using TestKit;

namespace Memcached.Bench;

/// <summary>
/// Our client vs libmemcached's memslap on the same memcached, same workload shape: C workers each doing N sets of all
/// N keys in order, or N gets of random keys among N pre-loaded ones. Rounds alternate memslap, ours, memslap, ours…
/// and the median of the per-round ratios (ours/memslap) is reported.
/// </summary>
internal static class MemcslapComparison
{
    private static readonly int[] Concurrency = [1, 16, 64];

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "memcslap: our client vs libmemcached's memslap");
        await using MemcachedServer server = await BenchServers.StartMemcachedAsync();
        MemcachedClientOptions clientOptions = options.ClientOptions(server.EndPoint);
        await using MemcachedClient client = new(clientOptions);
        MachineFacts.Print(report, options,
        [
            await BenchServers.DescribeAsync(server, client),
            $"memslap: `{Memcslap.Program}` {await Memcslap.VersionAsync()}",
            BenchServers.Describe(clientOptions),
        ]);

        Report.Progress("memcslap: warming up our client");
        MemcachedTarget ours = new(client);
        await Workloads.WarmUpAsync(ours, options.SectionWarmup);

        Report.Progress("memcslap: measuring memslap's key and value sizes");
        MemslapWorkload workload = await MemslapWorkloadProbe.MeasureAsync(server, client, options.Quick ? 2000 : 10000);
        PrintWorkload(report, workload);

        MarkdownTable table = new("test", "C", "N per thread", "ops per run", "memslap ops/s", "ours ops/s", "ratios per round", "median ratio ours/memslap", "failures memslap / ours");
        List<string> commands = [];
        byte[] value = Workloads.Value(workload.ValueBytes);
        foreach (string test in new[] { "set", "get" })
        {
            foreach (int concurrency in Concurrency)
            {
                int perThread = PerThread(concurrency, options.Quick);
                commands.Add(Memcslap.CommandLine(server.EndPoint, test, concurrency, perThread));
                string[] keys = Workloads.RandomKeys(perThread, workload.KeyLength, seed: concurrency);
                BenchOperation operation = test == "set"
                    ? Workloads.SetInOrder(ours, keys, value)
                    : Workloads.GetAt(ours, keys, Workloads.RandomIndexes(concurrency, perThread, perThread), value.Length);

                // Warm-up for both, not timed: server slabs and connections; for ours also the JIT, which needs time
                // (tiering up) rather than a count of calls, hence a timed warm-up.
                Report.Progress($"memcslap: {test} C={concurrency} warm-up");
                await Memcslap.RunAsync(server.EndPoint, test, concurrency, Math.Min(perThread, 200));
                await RunOursAsync(client, ours, test, keys, value, concurrency, Math.Min(perThread, 200), operation);
                await LoadRunner.RunTimedAsync(concurrency, options.Warmup, operation, recorder: null);

                List<double> theirs = [];
                List<double> mine = [];
                List<double> ratios = [];
                long theirFailures = 0;
                long ourFailures = 0;
                for (int round = 1; round <= options.Rounds; round++)
                {
                    Report.Progress($"memcslap: {test} C={concurrency} round {round}/{options.Rounds}");
                    await client.FlushAllAsync();
                    MemcslapResult memslap = await Memcslap.RunAsync(server.EndPoint, test, concurrency, perThread);
                    LoadResult result = await RunOursAsync(client, ours, test, keys, value, concurrency, perThread, operation);
                    theirFailures += ((long)concurrency * perThread) - memslap.Keys;
                    ourFailures += result.Failures;
                    theirs.Add(memslap.OpsPerSecond);
                    mine.Add(result.OpsPerSecond);
                    ratios.Add(result.OpsPerSecond / memslap.OpsPerSecond);
                }

                table.Add(test, $"{concurrency}", Format.Int(perThread), Format.Int((long)concurrency * perThread),
                    Format.Rate(Statistics.Median(theirs)), Format.Rate(Statistics.Median(mine)), Format.Ratios(ratios),
                    $"**{Format.Ratio(Statistics.Median(ratios))}**", $"{theirFailures} / {ourFailures}");
            }
        }

        report.Heading(3, "Results");
        report.Table(table);
        report.Paragraph(
            $"{options.Rounds} rounds per row, alternating memslap then ours; ops/s are medians over the rounds. " +
            "memslap's ops/s = its reported keys / its reported seconds (threads released to all joined); ours = C × N / " +
            "Stopwatch time from releasing the C tasks to the last one finishing. Before each timed run the server is flushed " +
            "(untimed); for get, memslap pre-loads its keys from one thread (untimed) and ours pre-loads the same number of keys " +
            "(untimed). Failures: memslap = C × N − keys it reports (its count of successful sets / hits); ours = sets not " +
            "STORED plus gets that missed or had the wrong length. The memslap commands, in table order:");
        report.Code(commands);
    }

    private static async Task<LoadResult> RunOursAsync(IMemcachedClient client, IBenchTarget target, string test, string[] keys, byte[] value, int concurrency, int perThread, BenchOperation operation)
    {
        await client.FlushAllAsync();
        if (test == "get")
        {
            await Workloads.PreloadAsync(target, keys, value);
        }

        return await LoadRunner.RunCountAsync(concurrency, perThread, operation);
    }

    /// <summary>N per thread so that one run takes one to a few seconds on a 2-core machine (shorter runs swung by ±40% from round to round).</summary>
    private static int PerThread(int concurrency, bool quick) => (concurrency, quick) switch
    {
        (1, false) => 30_000,
        (1, true) => 1000,
        (16, false) => 12_000,
        (16, true) => 400,
        (_, false) => 192_000 / concurrency,
        (_, true) => 6400 / concurrency,
    };

    private static void PrintWorkload(Report report, MemslapWorkload workload)
    {
        report.Heading(3, "memslap's workload, measured");
        MarkdownTable table = new("memslap set run", "sets (cmd_set)", "curr_items", "keys read back", "mean key length", "mean value bytes", "min / max value bytes", "bytes_read / expected");
        table.Add($"`{workload.Command}`", Format.Int(workload.Sets), Format.Int(workload.CurrentItems), Format.Int(workload.DistinctKeys),
            $"{workload.MeanKeyLength:0.0}", $"{workload.MeanValueBytes:0.0}", $"{workload.MinValueBytes} / {workload.MaxValueBytes}",
            $"{Format.Int(workload.BytesRead)} / {Format.Int(workload.ExpectedBytesRead)}");
        report.Table(table);
        report.Paragraph(
            "Method: after flush_all, one memslap set run; every stored key is listed with `lru_crawler metadump all` and read " +
            "back with our client, and the mean actual value length is the value size our side uses (the mean key length, " +
            "rounded, is our key length). Cross-check: the server's `bytes_read` during the run vs the exact size of the " +
            "text-protocol `set <key> 0 0 <len>\\r\\n<value>\\r\\n` commands for those keys and lengths, plus memslap's `quit` " +
            "and our `stats` request (equal when memslap sent nothing else). memslap 1.1 draws key " +
            "lengths uniformly from 20-59 and value lengths from 50-4999 bytes, and its set test has each of the C threads set " +
            "all N keys (N distinct keys, C × N sets); its get test gets N random keys per thread among N. Ours reproduces that: " +
            $"N distinct keys of {workload.KeyLength} characters, values of {workload.ValueBytes} bytes.");
    }
}
