using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Sessions.AspNetCore.Client;
using Sessions.Client;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Admin;

/// <summary>The user-index calls, each bounded by <c>SessionOptions.IOTimeout</c>.</summary>
internal sealed class ClusterSessionAdmin(ISessionClient calls, IOptions<SessionOptions> sessionOptions) : IClusterSessionAdmin
{
    private readonly TimeSpan _ioTimeout = sessionOptions.Value.IOTimeout;

    public async Task<IReadOnlyList<UserSessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        using CancellationTokenSource? budget = SessionStoreServices.Budget(_ioTimeout, cancellationToken);
        return await calls.ListUserSessionsAsync(userId, budget?.Token ?? CancellationToken.None).ConfigureAwait(false);
    }

    public async Task<int> InvalidateUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        using CancellationTokenSource? budget = SessionStoreServices.Budget(_ioTimeout, cancellationToken);
        return await calls.InvalidateUserSessionsAsync(userId, budget?.Token ?? CancellationToken.None).ConfigureAwait(false);
    }
}
