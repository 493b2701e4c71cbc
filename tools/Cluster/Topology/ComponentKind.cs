namespace LocalCluster.Topology;

/// <summary>What a component of the local cluster is; also the order in which they start (and the reverse, stop).</summary>
public enum ComponentKind
{
    /// <summary>A memcached node (session storage).</summary>
    Memcached,

    /// <summary>Redis: Orleans membership and the front-ends' data-protection key ring.</summary>
    Redis,

    /// <summary>An Orleans silo hosting the session grains.</summary>
    Silo,

    /// <summary>A web front-end.</summary>
    WebFront,
}
