using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Sessions.Client;
using TestKit;
using Xunit.Abstractions;

namespace Sessions.Silo.Tests;

/// <summary>Three real silo processes on Redis membership; one is SIGKILLed under load.</summary>
public sealed class MultiSiloKillTests(ITestOutputHelper output)
{
    private const int Sessions = 48;
    private const int Writers = 12;
    private const int KeysPerWriter = 16;

    [Fact]
    public async Task SIGKILL_of_one_of_three_silos_under_load_fails_no_call_and_loses_no_acknowledged_commit()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var memcached = await MemcachedServer.StartAsync();
        var clusterId = $"c-{Guid.NewGuid():N}";
        var settings = SiloProcess.RedisClustered(clusterId, redis.EndPoint, memcached.EndPoint);
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                silos.Add(SiloProcess.Start(SiloBuild.Dll, settings));
            }

            await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(90))));
            using var client = await StartClientAsync(redis.EndPoint, clusterId);
            var sessions = client.Services.GetRequiredService<ISessionClient>();
            var ids = Enumerable.Range(0, Sessions).Select(_ => SessionIds.Create()).ToArray();
            // Each session has one writer, which cycles through a few keys (a fast run must not reach the session's key limit)
            // and writes the iteration number: the last acknowledged number of every key must be what the session holds, or newer.
            var acknowledged = new ConcurrentDictionary<(string Id, string Key), int>();
            var failures = new ConcurrentQueue<Exception>();
            long calls = 0;
            long worstTicks = 0;
            using var stop = new CancellationTokenSource();

            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var id = ids[(w + n * Writers) % Sessions];
                    var key = $"w{w}-{n % KeysPerWriter}";
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await sessions.CommitAsync(id, new SessionCommit { Set = new Dictionary<string, byte[]> { [key] = BitConverter.GetBytes(n) } });
                        acknowledged[(id, key)] = n;
                        await sessions.LoadAsync(id);
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                    }

                    Interlocked.Add(ref calls, 2);
                    var elapsed = Stopwatch.GetTimestamp() - started;
                    InterlockedMax(ref worstTicks, elapsed);
                }
            })).ToArray();

            await Poll.UntilAsync(() => Interlocked.Read(ref calls) > 2000, "the load runs on all silos", TimeSpan.FromSeconds(60));
            var beforeKill = Interlocked.Read(ref calls);
            await silos[1].KillAsync();
            await Poll.UntilAsync(() => Interlocked.Read(ref calls) > beforeKill + 6000, "the load went on after the kill", TimeSpan.FromSeconds(120));
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var lost = 0;
            foreach (var session in acknowledged.GroupBy(a => a.Key.Id))
            {
                var snapshot = await sessions.LoadAsync(session.Key);
                lost += session.Count(a => snapshot is null || !snapshot.Values.TryGetValue(a.Key.Key, out var stored) || BitConverter.ToInt32(stored) < a.Value);
            }

            var worst = TimeSpan.FromTicks(worstTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            output.WriteLine($"calls: {Interlocked.Read(ref calls)}, failed: {failures.Count}, keys checked: {acknowledged.Count}, lost: {lost}, longest commit+load: {worst.TotalMilliseconds:F0} ms");
            Console.WriteLine($"[MultiSiloKill] longest commit+load during the SIGKILL: {worst.TotalMilliseconds:F0} ms over {Interlocked.Read(ref calls)} calls");
            Assert.Empty(failures);
            Assert.Equal(0, lost);
            Assert.Equal(137, silos[1].ExitCode);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<IHost> StartClientAsync(string redis, string clusterId)
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(redis)
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                })
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2))
                .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2))
                .AddSessionGrainClient(o =>
                {
                    o.CallTimeout = TimeSpan.FromSeconds(2);
                    o.TotalTimeout = TimeSpan.FromSeconds(30);
                }))
            .ConfigureLogging(logging => logging.ClearProviders())
            .Build();
        await host.StartAsync();
        return host;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
