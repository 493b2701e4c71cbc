namespace Sessions.AspNetCore;

/// <summary>
/// Options of the cluster session store (configuration section <c>ClusterSessions</c>). The cookie, the idle
/// timeout and the I/O timeout stay in ASP.NET Core's own <c>SessionOptions</c>.
/// </summary>
public sealed class ClusterSessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ClusterSessions";

    /// <summary>The default <see cref="IgnorePattern"/>: static files by extension.</summary>
    public const string DefaultIgnorePattern = @"\.(css|js|mjs|map|ico|png|jpe?g|gif|svg|webp|avif|woff2?|ttf|eot|txt)$";

    /// <summary>
    /// A regular expression (case-insensitive) matched against the request path; a matching request neither
    /// loads nor commits the session and sees an unavailable, empty one (memcached-session-manager's
    /// <c>requestUriIgnorePattern</c>). Empty matches nothing.
    /// </summary>
    public string IgnorePattern { get; set; } = DefaultIgnorePattern;

    /// <summary>
    /// Whether a session that cannot be loaded or committed fails the request: 503 when the cluster cannot
    /// be reached within <c>SessionOptions.IOTimeout</c>, 413 when a commit exceeds a limit, or a 500 when the
    /// failure is only known as the response starts. When false the failure is logged and counted and the
    /// request goes on (an unloaded session reads as empty and unavailable). Either way nothing is dropped silently.
    /// </summary>
    public bool FailRequestOnError { get; set; } = true;

    /// <summary>
    /// How many sessions this front-end keeps in memory under a read lease from their grains (the silo's
    /// <c>Sessions:ReadLease</c>, one second by default): a request for one of them reads it without a grain call. The grain
    /// evicts a copy before it acknowledges a change made through another front-end (or waits until the lease ran out), so a
    /// front-end never serves a version older than an acknowledged change. 0 turns the cache off: every request loads from its grain.
    /// </summary>
    public int ReadCacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// Largest value in bytes, checked by <c>ISession.Set</c> before anything is sent (keep equal to the silo's
    /// <c>Sessions:MaxValueSize</c>; the grain checks again). 0 leaves the check to the grain.
    /// </summary>
    public int MaxValueSize { get; set; } = 64 * 1024;

    /// <summary>Most keys in one session, checked by <c>ISession.Set</c> (keep equal to the silo's <c>Sessions:MaxKeys</c>). 0 leaves the check to the grain.</summary>
    public int MaxKeys { get; set; } = 256;

    /// <summary>Largest session in bytes (UTF-8 keys plus values), checked by <c>ISession.Set</c> (keep equal to the silo's <c>Sessions:MaxTotalSize</c>). 0 leaves the check to the grain.</summary>
    public int MaxTotalSize { get; set; } = 512 * 1024;

    /// <summary>Longest key in characters, checked by <c>ISession.Set</c> (keep equal to the silo's <c>Sessions:MaxKeyLength</c>). 0 leaves the check to the grain.</summary>
    public int MaxKeyLength { get; set; } = 256;
}
