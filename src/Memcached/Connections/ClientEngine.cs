using System.Text;
using Memcached.Hashing;

namespace Memcached.Connections;

/// <summary>The shared core behind a client and its node views: nodes, the ring, and the timeout sweep.</summary>
internal sealed class ClientEngine : IAsyncDisposable
{
    private readonly KetamaRing<MemcachedNode> _ring;
    private readonly ITimer _sweep;
    private int _disposed;

    public ClientEngine(ClientContext context)
    {
        Context = context;
        Nodes = [.. context.Options.Servers.Select(server => ServerAddress.TryParse(server, out var address)
            ? new MemcachedNode(address, context)
            : throw new ArgumentException($"Memcached server '{server}' is not host:port.", nameof(context)))];
        if (Nodes.Count == 0)
        {
            throw new ArgumentException("No memcached servers are configured (Memcached:Servers).", nameof(context));
        }

        _ring = new KetamaRing<MemcachedNode>([.. Nodes.Select(n => (n, KetamaRing<MemcachedNode>.Identity(n.Address.Host, n.Address.Port), 1))]);
        var period = TimeSpan.FromTicks(Math.Clamp(context.Options.OperationTimeout.Ticks / 10, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 100));
        _sweep = context.Time.CreateTimer(static state => ((ClientEngine)state!).SweepTimeouts(), this, period, period);
    }

    public ClientContext Context { get; }

    public IReadOnlyList<MemcachedNode> Nodes { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// The node that serves <paramref name="key"/>, honouring <see cref="MemcachedClientOptions.NodeFailurePolicy"/>.
    /// A single node serves every key, up or down (it fails its requests itself), without hashing the key.
    /// </summary>
    public MemcachedNode Locate(string key)
    {
        if (Nodes.Count == 1)
        {
            return Nodes[0];
        }

        var hash = HashKey(key);
        var node = _ring.Locate(hash);
        if (node.IsAvailable)
        {
            return node;
        }

        if (Context.Options.NodeFailurePolicy == NodeFailurePolicy.FailFast)
        {
            throw new MemcachedException(MemcachedErrorKind.NodeDown, node.Name, "the node is marked down");
        }

        return _ring.LocateFirst(hash, static n => n.IsAvailable)
            ?? throw new MemcachedException(MemcachedErrorKind.NoNodeAvailable, null, "every memcached node is marked down");
    }

    /// <summary>Distinct nodes for <paramref name="key"/> in ring order.</summary>
    public List<MemcachedNode> Walk(string key, int count) => Nodes.Count == 1 ? [Nodes[0]] : _ring.Walk(HashKey(key), count);

    private static uint HashKey(string key)
    {
        Span<byte> bytes = stackalloc byte[256];
        var length = Encoding.UTF8.GetByteCount(key);
        if (length <= bytes.Length)
        {
            return KetamaRing<MemcachedNode>.Hash(bytes[..Encoding.UTF8.GetBytes(key, bytes)]);
        }

        return KetamaRing<MemcachedNode>.Hash(Encoding.UTF8.GetBytes(key));
    }

    private void SweepTimeouts()
    {
        var now = Context.Time.GetTimestamp();
        foreach (var node in Nodes)
        {
            node.CheckTimeouts(now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _sweep.DisposeAsync().ConfigureAwait(false);
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        Context.Metrics.Dispose();
    }
}
