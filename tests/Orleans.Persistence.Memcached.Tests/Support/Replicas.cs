using Memcached;
using Orleans.Storage;
using TestKit;

namespace Orleans.Persistence.Memcached.Tests.Support;

/// <summary>What one node holds under a state's head key, read directly (not through the provider).</summary>
internal sealed record RawHead(bool Found, StateRecord Record, uint ItemFlags, TimeSpan? RemainingTtl)
{
    public string? ETag => Found ? Record.Stamp.ToString() : null;
}

/// <summary>Reaches under the provider: which nodes hold a state, and what each of them holds.</summary>
internal static class Replicas
{
    /// <summary>The client node behind a test-kit server.</summary>
    public static IMemcachedNode NodeOf(MemcachedGrainStorage storage, MemcachedServer server) =>
        storage.Client.Nodes.Single(n => n.Name == server.EndPoint);

    /// <summary>Every node for the state's key, in ketama ring order (up or down).</summary>
    public static IReadOnlyList<IMemcachedNode> RingOrder(MemcachedGrainStorage storage, string stateName, GrainId grain) =>
        storage.Client.GetNodesForKey(StorageFactory.KeyOf(storage, stateName, grain), storage.Client.Nodes.Count);

    /// <summary>The test-kit server behind a client node.</summary>
    public static MemcachedServer ServerOf(MemcachedCluster cluster, IMemcachedNode node) =>
        cluster.Nodes.Single(s => s.EndPoint == node.Name);

    /// <summary>Reads the state's head item on <paramref name="node"/> alone; a record that does not parse fails the test.</summary>
    public static async Task<RawHead> ReadAsync(MemcachedGrainStorage storage, IMemcachedNode node, string stateName, GrainId grain)
    {
        using var item = await storage.Client.ForNode(node).GetAsync(StorageFactory.KeyOf(storage, stateName, grain));
        if (!item.IsHit)
        {
            return new RawHead(false, default, 0, null);
        }

        Assert.True(StateRecord.TryRead(item.ToArray(), StateKeys.Logical(stateName, grain), out var record, out var problem), problem);
        return new RawHead(true, record, item.Flags, item.RemainingTtl);
    }

    /// <summary>Every key on a server (memcached's <c>lru_crawler metadump all</c>) with its TTL: -1 for none, else its expiry minus its last store or read, in seconds.</summary>
    public static async Task<Dictionary<string, long>> DumpKeysAsync(MemcachedServer server)
    {
        await using var connection = await server.ConnectRawAsync();
        await connection.SendAsync("lru_crawler metadump all\r\n");
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var line = await connection.ReadLineAsync(); line != "END"; line = await connection.ReadLineAsync())
        {
            var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            var expires = long.Parse(fields["exp"], System.Globalization.CultureInfo.InvariantCulture);
            var lastAccess = long.Parse(fields["la"], System.Globalization.CultureInfo.InvariantCulture);
            keys[Uri.UnescapeDataString(fields["key"])] = expires < 0 ? -1 : expires - lastAccess; // from the last store or read; 1 s resolution
        }

        return keys;
    }
}
