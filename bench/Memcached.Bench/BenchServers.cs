using StackExchange.Redis;
using TestKit;

namespace Memcached.Bench;

/// <summary>The servers every section starts for itself through the test kit, on loopback.</summary>
internal static class BenchServers
{
    /// <summary>memcached with 4 worker threads and 1 GB for items (<c>-t 4 -m 1024</c>).</summary>
    public static Task<MemcachedServer> StartMemcachedAsync() =>
        MemcachedServer.StartAsync(new MemcachedServerOptions { MemoryMegabytes = 1024, Threads = 4 });

    public static Task<RedisServer> StartRedisAsync() => RedisServer.StartAsync();

    /// <summary>"memcached 1.6.x: `command line`", the version as the server reports it.</summary>
    public static async Task<string> DescribeAsync(MemcachedServer server, IMemcachedClient client)
    {
        string version = (await client.GetVersionsAsync()).Values.Single();
        return $"memcached {version}: `{server.CommandLine}`";
    }

    /// <summary>"redis-server 7.x: `command line`", the version as the server reports it.</summary>
    public static string Describe(RedisServer server, IConnectionMultiplexer redis) =>
        $"redis-server {redis.GetServer(server.EndPoint).Version}: `{server.CommandLine}`";

    public static string Describe(MemcachedClientOptions options) =>
        $"our client: one shared `MemcachedClient`, {options.ConnectionsPerNode} connections per node, OperationTimeout {options.OperationTimeout.TotalSeconds:0} s";
}
