// Session grain benchmark: load and commit throughput/p99 through the Orleans client (1 KB sessions,
// 1/64/512 concurrent sessions), and memory per idle active session.
// Usage: dotnet run -c Release --project bench/Sessions.Bench -- [--seconds 5] [--idle 200000]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sessions;
using Sessions.Client;
using TestKit;

var seconds = Arg("--seconds", 5);
var idleSessions = Arg("--idle", 200_000);
await using var memcached = await MemcachedServer.StartAsync(new MemcachedServerOptions { MemoryMegabytes = 1024 });
using var silo = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.ClearProviders())
    .UseOrleans(s => s
        .UseLocalhostClustering()
        .AddMemcachedGrainStorage("sessions", o => { o.Client.Servers.Add(memcached.EndPoint); o.DeleteStateOnClear = true; })
        .AddSessionGrains())
    .Build();
await silo.StartAsync();
using var client = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.ClearProviders())
    .UseOrleansClient(c => c.UseLocalhostClustering().AddSessionGrainClient())
    .Build();
await client.StartAsync();
var sessions = client.Services.GetRequiredService<ISessionClient>();

Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared, noisy); {seconds} s per cell; silo and client in one process, memcached {memcached.EndPoint}");
Console.WriteLine("| concurrent sessions | load ops/s | load p99 ms | commit ops/s | commit p99 ms |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
foreach (var concurrency in new[] { 1, 64, 512 })
{
    var ids = Enumerable.Range(0, concurrency).Select(_ => SessionIds.Create()).ToArray();
    foreach (var id in ids)
    {
        await sessions.CommitAsync(id, Value("v", 1024));
    }

    var load = await RunAsync(ids, id => sessions.LoadAsync(id));
    var commit = await RunAsync(ids, id => sessions.CommitAsync(id, Value("v", 1024)));
    Console.WriteLine($"| {concurrency} | {load.Rate:F0} | {load.P99:F2} | {commit.Rate:F0} | {commit.P99:F2} |");
}

// Memory per idle active session: activate N sessions of 1 KB (one key), measure the silo process's managed heap.
var before = Heap();
var created = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, idleSessions), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (_, _) =>
{
    await sessions.CommitAsync(SessionIds.Create(), Value("v", 1024));
    Interlocked.Increment(ref created);
});
var after = Heap();
var perSession = (after - before) / (double)created;
Console.WriteLine($"idle sessions: {created}, managed heap +{(after - before) / 1048576.0:F0} MiB, {perSession:F0} B/session, {perSession - 1024 - 1:F0} B/session beyond the 1 KB value");

await client.StopAsync();
await silo.StopAsync();

async Task<(double Rate, double P99)> RunAsync(string[] ids, Func<string, Task> call)
{
    var latencies = new List<double>[ids.Length];
    var deadline = Stopwatch.StartNew();
    await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
    {
        var mine = latencies[i] = [];
        while (deadline.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            await call(id);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    })));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / deadline.Elapsed.TotalSeconds, all[(int)(all.Length * 0.99)]);
}

static SessionCommit Value(string key, int size) => new() { Set = new Dictionary<string, byte[]> { [key] = new byte[size] } };

static long Heap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
