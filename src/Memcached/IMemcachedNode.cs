namespace Memcached;

/// <summary>A memcached server known to a <see cref="IMemcachedClient"/>.</summary>
public interface IMemcachedNode
{
    /// <summary>The server entry, <c>host:port</c>.</summary>
    string Name { get; }

    /// <summary>Whether the node is up (not marked down after consecutive failures).</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Grows each time a connection to the node is lost or closed, before any later request can use a new
    /// connection. A server that restarts loses every connection first, so while this value is unchanged,
    /// CAS tokens read from the node still refer to the same server process (memcached restarts its CAS
    /// counter from 1, so an old token could otherwise match a new item).
    /// </summary>
    long ConnectionEpoch { get; }
}
