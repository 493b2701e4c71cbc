namespace Sessions;

/// <summary>
/// A front-end that serves a session's reads from its own memory for the length of a read lease
/// (<see cref="ISessionGrain.LoadAsync(ISessionCacheHolder, CancellationToken)"/>). The session grain tells every holder of
/// a live lease to drop its copy, and waits for the answer or for the lease to run out, before it acknowledges any change,
/// so no front-end serves a version older than an acknowledged change.
/// </summary>
[Alias("Sessions.ISessionCacheHolder")]
public interface ISessionCacheHolder : IGrainObserver
{
    /// <summary>
    /// Drops the cached copy of <paramref name="sessionId"/> if it is older than <paramref name="version"/>
    /// (<see cref="long.MaxValue"/> when the session ended), and refuses older copies that arrive within <paramref name="holdOff"/>
    /// (a load answered before the change may still be on its way).
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="version">The version of the change; every older copy is stale.</param>
    /// <param name="holdOff">The longest lease the grain grants.</param>
    [Alias("Evict")]
    Task EvictAsync(string sessionId, long version, TimeSpan holdOff);
}
