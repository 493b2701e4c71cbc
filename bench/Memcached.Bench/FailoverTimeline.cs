using System.Diagnostics;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using TestKit;

namespace Memcached.Bench;

/// <summary>
/// Throughput through a node kill: three memcached nodes, ReplicaCount 2, C grains each looping a 1 KB write
/// then a read; one node is SIGKILLed a third of the way in. Reported per second: operations, errors, events.
/// </summary>
internal static class FailoverTimeline
{
    private const int Grains = 64;

    public static async Task RunAsync(Report report, BenchOptions options)
    {
        report.Heading(2, "storage: throughput through a memcached node kill (3 nodes, ReplicaCount 2)");
        await using MemcachedCluster cluster = await MemcachedCluster.StartAsync(3, new MemcachedServerOptions { MemoryMegabytes = 256, Threads = 2 });
        await using StorageHost host = await StorageHost.StartAsync(silo => silo.AddMemcachedGrainStorage("failover", o =>
        {
            foreach (string endPoint in cluster.EndPoints)
            {
                o.Client.Servers.Add(endPoint);
            }

            o.Client.OperationTimeout = TimeSpan.FromSeconds(5);
            o.ReplicaCount = 2;
        }));
        IGrainStorage storage = host.Storage("failover");
        IMemcachedClient client = ((MemcachedGrainStorage)storage).Client;
        IMemcachedNode victim = client.Nodes.Single(n => n.Name == cluster[0].EndPoint);
        await using MemcachedClient raw = new(options.ClientOptions(cluster[0].EndPoint));
        MachineFacts.Print(report, options,
        [
            $"3 x {await BenchServers.DescribeAsync(cluster[0], raw)}",
            $"our provider: ReplicaCount 2, client OperationTimeout 5 s, FailureThreshold {new MemcachedClientOptions().FailureThreshold}; {Grains} grains, 1 KB MemoryPack state, each worker loops write (with its ETag) then read",
        ],
        $"the same workers run for {options.SectionWarmup.TotalSeconds:0.#} s before the timeline starts");
        await raw.DisposeAsync();

        TimeSpan total = options.Quick ? TimeSpan.FromSeconds(9) : TimeSpan.FromSeconds(30);
        int seconds = (int)total.TotalSeconds;
        long[] ops = new long[seconds + 1];
        long[] errors = new long[seconds + 1];
        long[] lost = new long[seconds + 1];
        string?[] firstError = new string?[seconds + 1];
        long start = 0;
        long markedDown = 0;
        client.NodeAvailabilityChanged += (_, e) =>
        {
            if (ReferenceEquals(e.Node, victim) && !e.IsAvailable)
            {
                Interlocked.CompareExchange(ref markedDown, Stopwatch.GetTimestamp(), 0);
            }
        };

        byte[] payload = Workloads.Value(1024);
        using CancellationTokenSource warmupStop = new();
        CancellationTokenSource stop = warmupStop;

        async Task WorkerAsync(int worker, string run)
        {
            GrainId grain = GrainId.Create("failover", $"{run}-{worker}");
            GrainState<BenchState> written = new(new BenchState { Payload = payload });
            GrainState<BenchState> read = new(new BenchState());
            while (!stop.IsCancellationRequested)
            {
                foreach (bool isWrite in new[] { true, false })
                {
                    int second = (int)Math.Min(Stopwatch.GetElapsedTime(start).TotalSeconds, seconds);
                    try
                    {
                        if (isWrite)
                        {
                            await storage.WriteStateAsync("bench", grain, written);
                        }
                        else
                        {
                            await storage.ReadStateAsync("bench", grain, read);
                            if (!read.RecordExists || read.ETag != written.ETag)
                            {
                                Interlocked.Increment(ref lost[second]);
                            }
                        }

                        Interlocked.Increment(ref ops[second]);
                    }
                    catch (Exception ex) when (ex is MemcachedException or InconsistentStateException)
                    {
                        Interlocked.Increment(ref errors[second]);
                        firstError[second] ??= $"{ex.GetType().Name}: {ex.Message}";
                        if (ex is InconsistentStateException)
                        {
                            written.ETag = read.ETag;
                        }
                    }
                }
            }
        }

        // Warm-up (JIT, connections) with the same workers, then the timeline starts from 0.
        start = Stopwatch.GetTimestamp();
        Task[] warmup = [.. Enumerable.Range(0, Grains).Select(w => Task.Run(() => WorkerAsync(w, "warmup")))];
        await Task.Delay(options.SectionWarmup);
        await stop.CancelAsync();
        await Task.WhenAll(warmup);
        Array.Clear(ops);
        Array.Clear(errors);
        Array.Clear(lost);
        Array.Clear(firstError);
        using CancellationTokenSource stopTimed = new();
        stop = stopTimed;
        start = Stopwatch.GetTimestamp();
        string timed = Guid.NewGuid().ToString("N");
        Task[] workers = [.. Enumerable.Range(0, Grains).Select(w => Task.Run(() => WorkerAsync(w, timed)))];
        TimeSpan killAt = total / 3;
        await Task.Delay(killAt);
        long killedAt = Stopwatch.GetTimestamp();
        Report.Progress($"failover: killing {cluster[0].EndPoint}");
        await cluster[0].KillAsync();
        await Task.Delay(total - killAt);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        int killSecond = (int)Stopwatch.GetElapsedTime(start, killedAt).TotalSeconds;
        long down = Interlocked.Read(ref markedDown);
        int? downSecond = down == 0 ? null : (int)Stopwatch.GetElapsedTime(start, down).TotalSeconds;
        MarkdownTable table = new("second", "ops/s", "errors/s", "reads not returning the last write", "event");
        for (int s = 0; s < seconds; s++)
        {
            string note = (s == killSecond ? $"node {cluster[0].EndPoint} killed (SIGKILL) at {Stopwatch.GetElapsedTime(start, killedAt).TotalMilliseconds:0} ms" : string.Empty)
                + (s == downSecond ? $"{(s == killSecond ? "; " : string.Empty)}client marked it down {Stopwatch.GetElapsedTime(killedAt, down).TotalMilliseconds:0} ms after the kill" : string.Empty)
                + (firstError[s] is { } error ? $" first error: {error}" : string.Empty);
            table.Add($"{s}", Format.Int(ops[s]), Format.Int(errors[s]), Format.Int(lost[s]), note);
        }

        report.Heading(3, "Results");
        report.Table(table);
        double before = Statistics.Median(ops.Take(killSecond).Select(o => (double)o));
        double after = Statistics.Median(ops.Skip(killSecond + 2).Take(seconds - killSecond - 2).Select(o => (double)o));
        report.Paragraph(
            $"{Format.Int(ops.Sum())} operations, {Format.Int(errors.Sum())} errors, {Format.Int(lost.Sum())} reads that did not return the last acknowledged write. " +
            $"Median ops/s before the kill {Format.Rate(before)}, from 2 s after it {Format.Rate(after)} (after the loss, writes keep 2 copies on the 2 remaining nodes). " +
            "Errors are operations that threw (a timeout, an unreachable replica that the provider could not route around within its retries).");
    }
}
