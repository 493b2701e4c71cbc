namespace Sessions;

/// <summary>
/// The sessions bound to one user, keyed by the user id: listed and invalidated together
/// ("log out everywhere"). Sessions add and remove themselves as they are bound, expire or are
/// invalidated; an entry whose session has expired is never listed.
/// </summary>
[Alias("Sessions.IUserSessionsGrain")]
public interface IUserSessionsGrain : IGrainWithStringKey
{
    /// <summary>The user's live sessions, most recently accessed first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("List")]
    Task<IReadOnlyList<UserSessionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Invalidates every session of the user; returns how many were invalidated.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("InvalidateAll")]
    Task<int> InvalidateAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="sessionId"/> is bound to this user (called by the session grain).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="info">What the index shows about it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("Add")]
    Task AddAsync(string sessionId, UserSessionInfo info, CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="sessionId"/> (called by the session grain on unbind, expiry or invalidation).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("Remove")]
    Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default);
}
