namespace Sessions;

/// <summary>The outcome of <see cref="ISessionGrain.CommitAsync"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Sessions.CommitResult")]
public sealed class CommitResult
{
    /// <summary>The session's version after the commit.</summary>
    [Id(0)]
    public required long Version { get; init; }

    /// <summary>
    /// Whether the commit is already in storage. Always true in write-through mode while memcached is
    /// reachable; false in write-behind mode, or when storage is down and the grain holds the change in
    /// memory until it can write it (the silo then reports itself degraded).
    /// </summary>
    [Id(1)]
    public required bool Durable { get; init; }

    /// <summary>Whether this call created the session.</summary>
    [Id(2)]
    public bool Created { get; init; }

    /// <summary>The session after the commit, leased to <see cref="SessionCommit.CacheHolder"/>; null when the commit named none or no lease was granted.</summary>
    [Id(3)]
    public SessionSnapshot? Snapshot { get; init; }
}
