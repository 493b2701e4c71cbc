namespace Memcached;

/// <summary>A memcached server known to a <see cref="IMemcachedClient"/>.</summary>
public interface IMemcachedNode
{
    /// <summary>The server entry, <c>host:port</c>.</summary>
    string Name { get; }

    /// <summary>Whether the node is up (not marked down after consecutive failures).</summary>
    bool IsAvailable { get; }
}
