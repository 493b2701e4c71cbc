using Microsoft.AspNetCore.Http;

namespace Sessions.AspNetCore;

/// <summary>
/// What <c>HttpContext.Session</c> is when the cluster store is registered: an <see cref="ISession"/> plus the
/// session lifecycle operations (also reachable as extension methods on <see cref="ISession"/>).
/// </summary>
public interface IClusterSession : ISession
{
    /// <summary>The user the session is bound to (<see cref="BindUserAsync"/>), if any.</summary>
    string? UserId { get; }

    /// <summary>The silo hosting the session grain, as of this request's load or last call; null when unknown (for example a new session).</summary>
    string? Host { get; }

    /// <summary>The session's version as of this request's load or last commit; 0 when it does not exist yet.</summary>
    long Version { get; }

    /// <summary>
    /// Moves the session to a new id and sends the new cookie (session-fixation defence: call it after sign-in).
    /// Changes made so far in this request move with it. A session created in this request already has a
    /// fresh id that no client has seen, so it keeps it. Must be called before the response starts.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">The response has already started.</exception>
    Task RegenerateIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Binds the session to <paramref name="userId"/> (null unbinds it) so that it is listed and invalidated with
    /// the user's other sessions. Creates the session when it does not exist yet.
    /// </summary>
    /// <param name="userId">The signed-in user, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task BindUserAsync(string? userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the session everywhere (logout): its values are gone on every front-end, the cookie is removed,
    /// and a later change in this request starts a new session with a new id.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task InvalidateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Invalidates every session of the user this session is bound to ("log out everywhere"), this one included.
    /// Only invalidates this session when it is not bound to a user.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many sessions were invalidated.</returns>
    Task<int> LogOutEverywhereAsync(CancellationToken cancellationToken = default);
}
