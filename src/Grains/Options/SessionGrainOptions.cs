namespace Sessions.Configuration;

/// <summary>How commits reach storage.</summary>
public enum SessionWriteMode
{
    /// <summary>A commit is acknowledged after memcached has it (the default).</summary>
    WriteThrough,

    /// <summary>
    /// A commit is acknowledged from memory (<see cref="CommitResult.Durable"/> false) and written after
    /// <see cref="SessionGrainOptions.WriteBehindDelay"/>, coalescing the commits of that window into one
    /// write. Loss window: commits acknowledged within the last <see cref="SessionGrainOptions.WriteBehindDelay"/>
    /// (plus one write) are lost when the silo dies; a graceful shutdown writes them.
    /// </summary>
    WriteBehind,
}

/// <summary>Options of the session grains (configuration section <c>Sessions</c>).</summary>
public sealed class SessionGrainOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sessions";

    /// <summary>The grain storage provider name the session grains use.</summary>
    public const string DefaultStorageName = "sessions";

    /// <summary>The grain storage provider (a memcached one, for touches) holding sessions and user indexes.</summary>
    public string StorageName { get; set; } = DefaultStorageName;

    /// <summary>Idle timeout of a session that does not choose its own (sliding expiration).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The largest idle timeout a commit may ask for.</summary>
    public TimeSpan MaxIdleTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime of a session from its creation, whatever its activity; null for none.</summary>
    public TimeSpan? AbsoluteLifetime { get; set; }

    /// <summary>
    /// How long memcached keeps a record beyond the session's logical expiry, so memcached's TTL always
    /// outlives it (and after a failover the last access can be derived from the remaining TTL). Must be
    /// at least <see cref="TouchInterval"/>.
    /// </summary>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// At most one touch (TTL refresh, no value written) per session per interval, sent by the first
    /// load after it; a quarter of a shorter idle timeout is used instead.
    /// </summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest read lease a front-end's cache is granted (<c>ISessionGrain.LoadAsync(ISessionCacheHolder)</c>): for that long
    /// it serves the session's reads from its own memory. A change is acknowledged only once every other holder evicted its
    /// copy or its lease ran out, so a front-end that stops answering delays changes by at most this much; so does the
    /// first change after the silo hosting a leased session died. A lease is also at most an eighth of the idle timeout
    /// (reads served from a cache do not reach the grain, so a session can expire up to one lease early). Zero grants none.
    /// </summary>
    public TimeSpan ReadLease { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Durability of commits.</summary>
    public SessionWriteMode WriteMode { get; set; } = SessionWriteMode.WriteThrough;

    /// <summary>Coalescing window of <see cref="SessionWriteMode.WriteBehind"/>.</summary>
    public TimeSpan WriteBehindDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay of a write that failed because memcached was unreachable (doubling, up to <see cref="MaxRetryInterval"/>).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between retries of a pending write.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many recent commit ids a session remembers (stored with it) to recognise retried commits.</summary>
    public int RememberedCommits { get; set; } = 16;

    /// <summary>Largest value in bytes.</summary>
    public int MaxValueSize { get; set; } = 64 * 1024;

    /// <summary>Most keys in one session.</summary>
    public int MaxKeys { get; set; } = 256;

    /// <summary>Largest session in bytes (UTF-8 keys plus values); keep it below the storage's MaxStateSize.</summary>
    public int MaxTotalSize { get; set; } = 512 * 1024;

    /// <summary>Longest key in characters.</summary>
    public int MaxKeyLength { get; set; } = 256;

    /// <summary>Longest session id or user id accepted, in characters.</summary>
    public int MaxIdLength { get; set; } = 256;
}
