using System.Text.Json;

namespace LocalCluster.Topology;

/// <summary>
/// What runs where: the number of each component and every port, all on 127.0.0.1. Saved as
/// <c>cluster.json</c> in the state directory so that <c>stop</c>, <c>status</c> and the drills find the
/// cluster that <c>up</c> started.
/// </summary>
public sealed record ClusterLayout
{
    /// <summary>The web front-ends' first port (the URL to open).</summary>
    public const int DefaultWebPort = 8080;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>One silo on localhost clustering, one front-end, one memcached node, no Redis.</summary>
    public bool Quick { get; init; }

    /// <summary>The Orleans cluster and service id.</summary>
    public string ClusterId { get; init; } = "local";

    /// <summary>Ports of the memcached nodes.</summary>
    public IReadOnlyList<int> MemcachedPorts { get; init; } = [];

    /// <summary>Port of Redis; 0 in quick mode (no Redis).</summary>
    public int RedisPort { get; init; }

    /// <summary>Ports of the silos.</summary>
    public IReadOnlyList<SiloPorts> Silos { get; init; } = [];

    /// <summary>HTTP ports of the web front-ends.</summary>
    public IReadOnlyList<int> WebPorts { get; init; } = [];

    /// <summary>
    /// The standard layout on fixed ports (shifted by <paramref name="portOffset"/>): memcached 21211+i,
    /// Redis 26379, silos 11111+i / gateways 30000+i / HTTP 8100+i, front-ends 8080+i. The servers' usual
    /// ports (11211, 6379) are avoided because a distribution's own service may hold them.
    /// </summary>
    public static ClusterLayout Standard(int memcached, int silos, int fronts, int portOffset = 0, bool quick = false)
    {
        if (quick)
        {
            (memcached, silos, fronts) = (1, 1, 1);
        }

        Check(memcached, "memcached nodes", 1, 10);
        Check(silos, "silos", 1, 10);
        Check(fronts, "front-ends", 1, 10);
        return new ClusterLayout
        {
            Quick = quick,
            MemcachedPorts = [.. Enumerable.Range(0, memcached).Select(i => 21211 + portOffset + i)],
            RedisPort = quick ? 0 : 26379 + portOffset,
            Silos = [.. Enumerable.Range(0, silos).Select(i => new SiloPorts(11111 + portOffset + i, 30000 + portOffset + i, 8100 + portOffset + i))],
            WebPorts = [.. Enumerable.Range(0, fronts).Select(i => DefaultWebPort + portOffset + i)],
        };
    }

    /// <summary>The standard counts on ports the OS says are free now (tests, side-by-side runs).</summary>
    public static ClusterLayout OnFreePorts(int memcached, int silos, int fronts)
    {
        var ports = FreePorts.Take(memcached + 1 + (3 * silos) + fronts);
        var next = 0;
        return new ClusterLayout
        {
            ClusterId = $"drill-{Guid.NewGuid():N}"[..14],
            MemcachedPorts = [.. Enumerable.Range(0, memcached).Select(_ => ports[next++])],
            RedisPort = ports[next++],
            Silos = [.. Enumerable.Range(0, silos).Select(_ => new SiloPorts(ports[next++], ports[next++], ports[next++]))],
            WebPorts = [.. Enumerable.Range(0, fronts).Select(_ => ports[next++])],
        };
    }

    /// <summary>Every port of the layout.</summary>
    public IEnumerable<int> AllPorts() =>
        MemcachedPorts.Concat(RedisPort > 0 ? [RedisPort] : [])
            .Concat(Silos.SelectMany(s => new[] { s.Silo, s.Gateway, s.Http }))
            .Concat(WebPorts);

    /// <summary>Writes the layout to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json));

    /// <summary>Reads a saved layout.</summary>
    public static ClusterLayout Load(string path) =>
        JsonSerializer.Deserialize<ClusterLayout>(File.ReadAllText(path), s_json) ?? throw new InvalidDataException($"{path} holds no cluster layout.");

    private static void Check(int count, string what, int min, int max)
    {
        if (count < min || count > max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The number of {what} is {min} to {max}.");
        }
    }
}

/// <summary>The three ports of one silo.</summary>
/// <param name="Silo">Silo-to-silo.</param>
/// <param name="Gateway">Orleans clients (the front-ends).</param>
/// <param name="Http">Health and metrics.</param>
public sealed record SiloPorts(int Silo, int Gateway, int Http);
