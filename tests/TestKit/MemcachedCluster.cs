namespace TestKit;

/// <summary>Several memcached servers with the same options, each on its own port, started in parallel.</summary>
public sealed class MemcachedCluster : IAsyncDisposable
{
    private readonly MemcachedServerOptions? _options;
    private readonly List<MemcachedServer> _nodes;
    private readonly Lock _nodesLock = new();

    private MemcachedCluster(List<MemcachedServer> nodes, MemcachedServerOptions? options)
    {
        _nodes = nodes;
        _options = options?.Clone();
    }

    /// <summary>The servers, in start order.</summary>
    public IReadOnlyList<MemcachedServer> Nodes
    {
        get
        {
            lock (_nodesLock)
            {
                return [.. _nodes];
            }
        }
    }

    /// <summary>"127.0.0.1:port" of each node, in the order of <see cref="Nodes"/>.</summary>
    public IReadOnlyList<string> EndPoints => [.. Nodes.Select(static node => node.EndPoint)];

    public MemcachedServer this[int index] => Nodes[index];

    /// <summary>Starts <paramref name="nodes"/> servers in parallel; when one fails the others are disposed.</summary>
    public static async Task<MemcachedCluster> StartAsync(int nodes, MemcachedServerOptions? options = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        Task<MemcachedServer>[] starts = [.. Enumerable.Range(0, nodes).Select(_ => MemcachedServer.StartAsync(options, ct))];
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            await Task.WhenAll(starts
                .Where(static start => start.IsCompletedSuccessfully)
                .Select(static start => start.Result.DisposeAsync().AsTask()));
            throw;
        }

        return new MemcachedCluster([.. starts.Select(static start => start.Result)], options);
    }

    /// <summary>Starts one more node with the cluster's options (e.g. to test rebalancing) and returns it.</summary>
    public async Task<MemcachedServer> AddNodeAsync(CancellationToken ct = default)
    {
        MemcachedServer node = await MemcachedServer.StartAsync(_options, ct);
        lock (_nodesLock)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>Disposes every node (in parallel).</summary>
    public async ValueTask DisposeAsync()
    {
        MemcachedServer[] nodes;
        lock (_nodesLock)
        {
            nodes = [.. _nodes];
            _nodes.Clear();
        }

        await Task.WhenAll(nodes.Select(static node => node.DisposeAsync().AsTask()));
    }
}
