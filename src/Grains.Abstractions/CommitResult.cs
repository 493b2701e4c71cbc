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

    /// <summary>
    /// The session after the commit, leased to <see cref="SessionCommit.CacheHolder"/>; null when the commit named none,
    /// no lease was granted, or the commit was applied <see cref="OnBase"/> (the committer already holds it).
    /// </summary>
    [Id(3)]
    public SessionSnapshot? Snapshot { get; init; }

    /// <summary>
    /// Whether the commit was applied right on <see cref="SessionCommit.BaseVersion"/>: the committer's values with its
    /// changes are exactly the session's values at <see cref="Version"/>.
    /// </summary>
    [Id(4)]
    public bool OnBase { get; init; }

    /// <summary>The read lease granted to <see cref="SessionCommit.CacheHolder"/> on the session at <see cref="Version"/>; zero for none.</summary>
    [Id(5)]
    public TimeSpan ReadLease { get; init; }

    /// <summary>When the session was last accessed: this commit's time on the grain.</summary>
    [Id(6)]
    public DateTimeOffset LastAccessedAt { get; init; }

    /// <summary>The silo hosting the session (<see cref="SessionSnapshot.Host"/>).</summary>
    [Id(7)]
    public string? Host { get; init; }

    /// <summary>The commit <see cref="SessionCommit.RequiresSession"/> and the session had ended: nothing was applied.</summary>
    [Id(8)]
    public bool Gone { get; init; }
}
