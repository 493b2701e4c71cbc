namespace Sessions;

/// <summary>
/// One user session, keyed by its session id. The activation is the single owner of the session's
/// state: loads are served from its memory and commits apply a delta atomically, so parallel
/// requests of one user never lose each other's updates and no lock is held across requests.
/// A front-end loads once at request start and commits once at request end (only when something changed).
/// </summary>
[Alias("Sessions.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the session, or <see langword="null"/> when there is none (never committed, expired,
    /// invalidated or moved by <see cref="RegenerateAsync"/>). Served from the activation's memory;
    /// counts as an access for sliding expiration. Never writes the session's values to storage.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("Load")]
    Task<SessionSnapshot?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="LoadAsync(CancellationToken)"/>, granting <paramref name="holder"/> a read lease: for
    /// <see cref="SessionSnapshot.ReadLease"/> from when it sent the call, the holder may serve the snapshot from its
    /// own memory. Before the grain acknowledges any change to the session, it evicts the copy
    /// (<see cref="ISessionCacheHolder.EvictAsync"/>) or waits until the lease has run out.
    /// </summary>
    /// <param name="holder">The front-end's cache (an observer reference).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("LoadLeased")]
    Task<SessionSnapshot?> LoadAsync(ISessionCacheHolder holder, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends <paramref name="holder"/>'s read lease on this session, if it holds one, so that the next change need not
    /// evict its copy or wait for the lease to run out. A holder calls this only once it no longer serves its copy: a
    /// front-end that shuts down releases its leases, so that a rolling restart delays no change.
    /// </summary>
    /// <param name="holder">The front-end's cache (an observer reference), as given to <see cref="LoadAsync(ISessionCacheHolder, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("ReleaseLease")]
    Task ReleaseLeaseAsync(ISessionCacheHolder holder, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="commit"/> atomically (clear, then removals, then sets), creating the
    /// session when there is none. Idempotent per <see cref="SessionCommit.CommitId"/>: a retried
    /// commit that was already applied is not applied again and returns the same version.
    /// </summary>
    /// <param name="commit">The changes of one request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session's new version, and whether the change is already durable.</returns>
    /// <exception cref="SessionLimitExceededException">The commit would exceed a limit; nothing was changed.</exception>
    [Alias("Commit")]
    Task<CommitResult> CommitAsync(SessionCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the session everywhere (logout): removes it from storage and from its user's index, and
    /// deactivates. Later loads see no session. Invalidating a session that does not exist succeeds.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("Invalidate")]
    Task InvalidateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves this session's contents and user binding to the session <paramref name="newSessionId"/>
    /// (session-fixation defence after sign-in); this id is dead afterwards. Idempotent: when this
    /// session is already gone and <paramref name="newSessionId"/> holds it, returns that session.
    /// </summary>
    /// <param name="newSessionId">A fresh id from <see cref="SessionIds.Create"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session under its new id, or <see langword="null"/> when there was no session to move.</returns>
    [Alias("Regenerate")]
    Task<SessionSnapshot?> RegenerateAsync(string newSessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Binds the session to <paramref name="userId"/> and records it in that user's index
    /// (<see cref="IUserSessionsGrain"/>); <see langword="null"/> unbinds it. Creates the session when there is none.
    /// </summary>
    /// <param name="userId">The signed-in user, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session after the change.</returns>
    [Alias("BindUser")]
    Task<SessionSnapshot> BindUserAsync(string? userId, CancellationToken cancellationToken = default);
}
