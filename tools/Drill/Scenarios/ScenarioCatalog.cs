using LocalCluster;
using LocalCluster.Topology;

namespace Drill.Scenarios;

/// <summary>The drills of issue 7, each run while the workload runs.</summary>
internal static class ScenarioCatalog
{
    /// <summary>How long memcached stays frozen in the SIGSTOP drill.</summary>
    public static readonly TimeSpan PauseDuration = TimeSpan.FromSeconds(10);

    /// <summary>How long Redis stays down in the Redis drill.</summary>
    public static readonly TimeSpan RedisOutage = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan s_gracefulStop = ComponentFactory.SiloShutdownTimeout + TimeSpan.FromSeconds(5);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("silo-sigkill", "SIGKILL a silo",
            async (c, say, _) => { say("SIGKILL silo-2"); await c.KillAsync("silo-2"); },
            (c, ct) => c.StartComponentAsync("silo-2", ct)),
        new("silo-graceful", "Graceful stop (SIGTERM) of a silo",
            async (c, say, _) => { say("SIGTERM silo-2"); await c.TerminateAsync("silo-2", s_gracefulStop); },
            (c, ct) => c.StartComponentAsync("silo-2", ct)),
        new("memcached-sigkill", "SIGKILL a memcached node",
            async (c, say, _) => { say("SIGKILL memcached-2"); await c.KillAsync("memcached-2"); },
            (c, ct) => c.StartComponentAsync("memcached-2", ct)),
        new("memcached-restart-empty", "Restart a memcached node empty",
            async (c, say, ct) =>
            {
                say("SIGKILL memcached-2 and start it again, empty");
                await c.KillAsync("memcached-2");
                await c.StartComponentAsync("memcached-2", ct);
            },
            NothingToRestore),
        new("memcached-sigstop", $"SIGSTOP a memcached node for {PauseDuration.TotalSeconds:0} s",
            async (c, say, ct) =>
            {
                say($"SIGSTOP memcached-2 for {PauseDuration.TotalSeconds:0} s");
                await c.PauseAsync("memcached-2");
                await Task.Delay(PauseDuration, ct); // the outage itself
                await c.ResumeAsync("memcached-2");
            },
            NothingToRestore),
        new("redis-restart", $"Kill Redis, restart it {RedisOutage.TotalSeconds:0} s later",
            async (c, say, ct) =>
            {
                say($"SIGKILL redis, restart after {RedisOutage.TotalSeconds:0} s");
                await c.KillAsync("redis");
                await Task.Delay(RedisOutage, ct); // the outage itself
                await c.StartComponentAsync("redis", ct);
            },
            NothingToRestore),
        new("silo-rolling-restart", "Rolling restart of every silo (SIGTERM, start, wait ready; one at a time)",
            async (c, say, ct) =>
            {
                foreach (var silo in c.OfKind(ComponentKind.Silo))
                {
                    say($"restart {silo.Name}");
                    await c.TerminateAsync(silo.Name, s_gracefulStop);
                    await c.StartComponentAsync(silo.Name, ct);
                }
            },
            NothingToRestore),
    ];

    /// <summary>The scenarios named in <paramref name="names"/> (comma-separated, in that order, repeats allowed; <c>all</c> for every one in catalog order).</summary>
    public static IReadOnlyList<Scenario> Select(string names)
    {
        if (names == "all")
        {
            return All;
        }

        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(w => All.All(s => s.Name != w)).ToList();
        return unknown.Count == 0
            ? [.. wanted.Select(w => All.First(s => s.Name == w))]
            : throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(s => s.Name))}.");
    }

    private static Task NothingToRestore(Cluster cluster, CancellationToken cancellationToken) => Task.CompletedTask;
}
