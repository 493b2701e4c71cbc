namespace Sessions.AspNetCore.Admin;

/// <summary>Operations on users' sessions outside of a request (admin pages and APIs).</summary>
public interface IClusterSessionAdmin
{
    /// <summary>The live sessions bound to <paramref name="userId"/>, most recently accessed first (handles, never ids).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<UserSessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Invalidates every session bound to <paramref name="userId"/> ("log out everywhere").</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many sessions were invalidated.</returns>
    Task<int> InvalidateUserSessionsAsync(string userId, CancellationToken cancellationToken = default);
}
