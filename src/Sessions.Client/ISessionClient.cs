namespace Sessions.Client;

/// <summary>
/// Session calls for a front-end. Each call has a short timeout and is retried with jittered backoff,
/// within a total budget, when the silo hosting the session fails (<c>SiloUnavailableException</c>,
/// message rejections, timeouts) or the session was changed by another activation — all these calls
/// are idempotent (a commit through its <see cref="SessionCommit.CommitId"/>), so a retry never
/// applies anything twice. Caller cancellation stops at once; other errors (limits, bad input) are not retried.
/// </summary>
public interface ISessionClient
{
    /// <summary>The session, or null when there is none (<see cref="ISessionGrain.LoadAsync(CancellationToken)"/>).</summary>
    Task<SessionSnapshot?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The session with a read lease for <paramref name="holder"/> (<see cref="ISessionGrain.LoadAsync(ISessionCacheHolder, CancellationToken)"/>).</summary>
    Task<SessionSnapshot?> LoadAsync(string sessionId, ISessionCacheHolder holder, CancellationToken cancellationToken = default);

    /// <summary>Ends <paramref name="holder"/>'s read lease on the session (<see cref="ISessionGrain.ReleaseLeaseAsync"/>).</summary>
    Task ReleaseLeaseAsync(string sessionId, ISessionCacheHolder holder, CancellationToken cancellationToken = default);

    /// <summary>Applies one request's delta (<see cref="ISessionGrain.CommitAsync"/>); retries reuse its commit id.</summary>
    /// <exception cref="SessionLimitExceededException">The commit would exceed a limit; nothing changed.</exception>
    Task<CommitResult> CommitAsync(string sessionId, SessionCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Ends the session everywhere (<see cref="ISessionGrain.InvalidateAsync"/>).</summary>
    Task InvalidateAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Moves the session to <paramref name="newSessionId"/> (<see cref="ISessionGrain.RegenerateAsync"/>).</summary>
    Task<SessionSnapshot?> RegenerateAsync(string sessionId, string newSessionId, CancellationToken cancellationToken = default);

    /// <summary>Binds the session to a user, or unbinds it with null (<see cref="ISessionGrain.BindUserAsync"/>).</summary>
    Task<SessionSnapshot> BindUserAsync(string sessionId, string? userId, CancellationToken cancellationToken = default);

    /// <summary>The user's live sessions (<see cref="IUserSessionsGrain.ListAsync"/>).</summary>
    Task<IReadOnlyList<UserSessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>"Log out everywhere" (<see cref="IUserSessionsGrain.InvalidateAllAsync"/>); returns how many sessions ended.</summary>
    Task<int> InvalidateUserSessionsAsync(string userId, CancellationToken cancellationToken = default);
}
