using Sessions.AspNetCore;

namespace Microsoft.AspNetCore.Http;

/// <summary>
/// Session lifecycle on <c>HttpContext.Session</c> when the cluster store is registered
/// (<c>services.AddClusterSessionStore()</c>); see <see cref="IClusterSession"/>.
/// </summary>
public static class ClusterSessionExtensions
{
    /// <summary>Moves the session to a new id and sends the new cookie; call it after sign-in (see <see cref="IClusterSession.RegenerateIdAsync"/>).</summary>
    /// <param name="session">The request's session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task RegenerateIdAsync(this ISession session, CancellationToken cancellationToken = default) =>
        AsCluster(session).RegenerateIdAsync(cancellationToken);

    /// <summary>Binds the session to a user, or unbinds it with null (see <see cref="IClusterSession.BindUserAsync"/>).</summary>
    /// <param name="session">The request's session.</param>
    /// <param name="userId">The signed-in user, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task BindUserAsync(this ISession session, string? userId, CancellationToken cancellationToken = default) =>
        AsCluster(session).BindUserAsync(userId, cancellationToken);

    /// <summary>Ends the session everywhere and removes its cookie (see <see cref="IClusterSession.InvalidateAsync"/>).</summary>
    /// <param name="session">The request's session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task InvalidateAsync(this ISession session, CancellationToken cancellationToken = default) =>
        AsCluster(session).InvalidateAsync(cancellationToken);

    /// <summary>Invalidates every session of the bound user, this one included (see <see cref="IClusterSession.LogOutEverywhereAsync"/>).</summary>
    /// <param name="session">The request's session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many sessions were invalidated.</returns>
    public static Task<int> LogOutEverywhereAsync(this ISession session, CancellationToken cancellationToken = default) =>
        AsCluster(session).LogOutEverywhereAsync(cancellationToken);

    /// <summary>The user the session is bound to, or null.</summary>
    /// <param name="session">The request's session.</param>
    public static string? GetUserId(this ISession session) => AsCluster(session).UserId;

    /// <summary>The silo hosting the session grain as of this request, or null when unknown.</summary>
    /// <param name="session">The request's session.</param>
    public static string? GetHost(this ISession session) => AsCluster(session).Host;

    private static IClusterSession AsCluster(ISession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session as IClusterSession
            ?? throw new InvalidOperationException("HttpContext.Session is not a cluster session: register the store with services.AddClusterSessionStore().");
    }
}
