namespace Sessions;

/// <summary>
/// The changes one request made to a session: only the delta. Applied in this order: <see cref="Clear"/>,
/// then <see cref="Remove"/>, then <see cref="Set"/>. A key should appear in at most one of
/// <see cref="Remove"/> and <see cref="Set"/> (the net effect of the request).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("Sessions.SessionCommit")]
public sealed class SessionCommit
{
    /// <summary>Identifies the commit so that a retry is applied once. Create one per request; reuse it for retries.</summary>
    [Id(0)]
    public Guid CommitId { get; init; } = Guid.NewGuid();

    /// <summary>Whether every existing value is removed first.</summary>
    [Id(1)]
    public bool Clear { get; init; }

    /// <summary>Keys removed.</summary>
    [Id(2)]
    public IReadOnlyCollection<string> Remove { get; init; } = [];

    /// <summary>Keys set, with their new values.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, byte[]> Set { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The session's idle timeout from now on; <see langword="null"/> keeps the current one (or the silo's default for a new session).</summary>
    [Id(4)]
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>
    /// The committing front-end's cache, when it has one: its lease is renewed rather than evicted, and the result says
    /// what the session is after the commit (<see cref="CommitResult.OnBase"/>, else <see cref="CommitResult.Snapshot"/>).
    /// </summary>
    [Id(5)]
    public ISessionCacheHolder? CacheHolder { get; init; }

    /// <summary>
    /// The version of the session whose values the committer holds exactly (with <see cref="BaseCreatedAt"/>); null
    /// when it holds none. A commit applied right on that version needs no snapshot back (<see cref="CommitResult.OnBase"/>).
    /// </summary>
    [Id(6)]
    public long? BaseVersion { get; init; }

    /// <summary>When the session of <see cref="BaseVersion"/> was created: versions start over when a session does.</summary>
    [Id(7)]
    public DateTimeOffset? BaseCreatedAt { get; init; }

    /// <summary>
    /// Whether the committer holds an existing session (it loaded or committed one): when that session has ended meanwhile
    /// (invalidated, moved by a regenerate, expired), nothing is applied and <see cref="CommitResult.Gone"/> is set, so that a
    /// request still running on an ended session never brings its id back to life.
    /// </summary>
    [Id(8)]
    public bool RequiresSession { get; init; }

    /// <summary>Whether the commit changes nothing (a front-end does not send such a commit).</summary>
    public bool IsEmpty => !Clear && Remove.Count == 0 && Set.Count == 0 && IdleTimeout is null;
}
