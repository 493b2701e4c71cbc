using Memcached;

namespace Memcached.Tests.Support;

/// <summary>Builds clients for tests: short timeouts and probe intervals so fault tests finish quickly.</summary>
internal static class TestClients
{
    public static MemcachedClient Create(IEnumerable<string> servers, Action<MemcachedClientOptions>? configure = null)
    {
        var options = new MemcachedClientOptions
        {
            OperationTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ProbeInterval = TimeSpan.FromMilliseconds(50),
            MaxProbeInterval = TimeSpan.FromMilliseconds(200),
        };
        foreach (var server in servers)
        {
            options.Servers.Add(server);
        }

        configure?.Invoke(options);
        return new MemcachedClient(options);
    }

    public static MemcachedClient Create(string server, Action<MemcachedClientOptions>? configure = null) => Create([server], configure);

    /// <summary>A key unique to this call, so tests sharing a server never collide.</summary>
    public static string Key(string prefix = "k") => $"{prefix}:{Guid.NewGuid():N}";
}
