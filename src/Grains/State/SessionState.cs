using MemoryPack;
using Orleans.Storage;

namespace Sessions.State;

/// <summary>
/// The stored form of one session (MemoryPack, version tolerant: members can be added with a new
/// <see cref="MemoryPackOrderAttribute"/>; <see cref="Format"/> says which layout wrote it). The grain
/// treats <see cref="Values"/> and <see cref="RecentCommits"/> as immutable and replaces them on change,
/// so a snapshot handed to a caller never sees a later commit half-applied.
/// </summary>
[GenerateSerializer]
[Alias("Sessions.SessionState")]
[MemoryPackable(GenerateType.VersionTolerant)]
public sealed partial class SessionState : IExpiringGrainState
{
    /// <summary>The layout written by this code.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The layout that wrote this state.</summary>
    [Id(0)]
    [MemoryPackOrder(0)]
    public int Format { get; set; } = CurrentFormat;

    /// <summary>The session's values (never mutated in place).</summary>
    [Id(1)]
    [MemoryPackOrder(1)]
    public Dictionary<string, byte[]> Values { get; set; } = Empty;

    /// <summary>Grows by one with every applied commit; 0 means there is no session.</summary>
    [Id(2)]
    [MemoryPackOrder(2)]
    public long Version { get; set; }

    /// <summary>When the session was created.</summary>
    [Id(3)]
    [MemoryPackOrder(3)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last access known when the state was last written (touches do not rewrite it).</summary>
    [Id(4)]
    [MemoryPackOrder(4)]
    public DateTimeOffset LastAccessedAt { get; set; }

    /// <summary>The session's idle timeout.</summary>
    [Id(5)]
    [MemoryPackOrder(5)]
    public TimeSpan IdleTimeout { get; set; }

    /// <summary>When the session ends whatever its activity; null when it has no absolute lifetime.</summary>
    [Id(6)]
    [MemoryPackOrder(6)]
    public DateTimeOffset? AbsoluteExpiresAt { get; set; }

    /// <summary>The user the session is bound to.</summary>
    [Id(7)]
    [MemoryPackOrder(7)]
    public string? UserId { get; set; }

    /// <summary>The most recent commits (a bounded ring, oldest overwritten), so a retried commit is recognised after a failover.</summary>
    [Id(8)]
    [MemoryPackOrder(8)]
    public CommitStamp[]? RecentCommits { get; set; }

    /// <summary>The TTL that writes and touches give the record: idle timeout plus the expiry margin.</summary>
    [Id(9)]
    [MemoryPackOrder(9)]
    public TimeSpan RecordTtl { get; set; }

    /// <summary>Set when the session moved to another id (<see cref="ISessionGrain.RegenerateAsync"/>): the handle of the new id.</summary>
    [Id(10)]
    [MemoryPackOrder(10)]
    public string? MovedTo { get; set; }

    /// <summary>Set on a session created by a move: the handle of the id it came from (makes the move idempotent).</summary>
    [Id(11)]
    [MemoryPackOrder(11)]
    public string? MovedFrom { get; set; }

    /// <summary>
    /// Written true only by a deactivating activation once every read lease it granted has ended; any other write stores
    /// false. An activation that reads false (its predecessor may have died holding live leases) waits one read lease
    /// before its first change; one that reads true grants no lease before it has stored false.
    /// </summary>
    [Id(13)]
    [MemoryPackOrder(12)]
    public bool LeasesReleased { get; set; }

    /// <summary>Whether this is a live session (not "no session", not a moved-away tombstone).</summary>
    [MemoryPackIgnore]
    public bool HasSession => Version > 0 && MovedTo is null;

    /// <inheritdoc />
    [MemoryPackIgnore]
    public TimeSpan? TimeToLive => _writeTtl ?? (RecordTtl > TimeSpan.Zero ? RecordTtl : null);

    /// <summary>Not stored: the TTL of a write that must not extend the record's life (one that is no access), instead of <see cref="RecordTtl"/>.</summary>
    [NonSerialized]
    [MemoryPackIgnore]
    private TimeSpan? _writeTtl;

    /// <summary>Sets (null: clears) the TTL of the next writes instead of <see cref="RecordTtl"/>.</summary>
    internal void OverrideWriteTtl(TimeSpan? ttl) => _writeTtl = ttl;

    /// <inheritdoc />
    [Id(12)]
    [MemoryPackIgnore]
    public TimeSpan? RemainingTimeToLive { get; set; }

    private static Dictionary<string, byte[]> Empty { get; } = new(StringComparer.Ordinal);

    /// <summary>A copy whose members can be replaced without touching this one (the collections are shared: they are immutable).</summary>
    public SessionState Copy() => (SessionState)MemberwiseClone();

    /// <summary>The version a commit id produced, when it is among the recent ones.</summary>
    public bool TryFindCommit(Guid commitId, out long version)
    {
        if (commitId != Guid.Empty && RecentCommits is { } recent)
        {
            foreach (var stamp in recent)
            {
                if (stamp.CommitId == commitId)
                {
                    version = stamp.Version;
                    return true;
                }
            }
        }

        version = 0;
        return false;
    }

    /// <summary>Remembers a commit, keeping at most <paramref name="capacity"/> (a new array: the old one may be in a snapshot being written).</summary>
    public void RememberCommit(Guid commitId, long version, int capacity)
    {
        if (commitId == Guid.Empty || capacity <= 0)
        {
            return;
        }

        var old = RecentCommits ?? [];
        var keep = Math.Min(old.Length, capacity - 1);
        var next = new CommitStamp[keep + 1];
        Array.Copy(old, old.Length - keep, next, 0, keep);
        next[keep] = new CommitStamp(commitId, version);
        RecentCommits = next;
    }
}
