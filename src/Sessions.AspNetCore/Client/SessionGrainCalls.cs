namespace Sessions.AspNetCore.Client;

/// <summary>
/// The session calls the store makes, each bounded by the caller's I/O budget (<c>SessionOptions.IOTimeout</c>).
/// The one place that talks to the cluster, so the store does not care how calls are routed and retried.
/// </summary>
internal sealed class SessionGrainCalls(IGrainFactory grains)
{
    public Task<SessionSnapshot?> LoadAsync(string grainKey, CancellationToken cancellationToken) =>
        grains.GetGrain<ISessionGrain>(grainKey).LoadAsync(cancellationToken);

    public Task<CommitResult> CommitAsync(string grainKey, SessionCommit commit, CancellationToken cancellationToken) =>
        grains.GetGrain<ISessionGrain>(grainKey).CommitAsync(commit, cancellationToken);

    public Task InvalidateAsync(string grainKey, CancellationToken cancellationToken) =>
        grains.GetGrain<ISessionGrain>(grainKey).InvalidateAsync(cancellationToken);

    public Task<SessionSnapshot?> RegenerateAsync(string grainKey, string newGrainKey, CancellationToken cancellationToken) =>
        grains.GetGrain<ISessionGrain>(grainKey).RegenerateAsync(newGrainKey, cancellationToken);

    public Task<SessionSnapshot> BindUserAsync(string grainKey, string? userId, CancellationToken cancellationToken) =>
        grains.GetGrain<ISessionGrain>(grainKey).BindUserAsync(userId, cancellationToken);

    public Task<IReadOnlyList<UserSessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        grains.GetGrain<IUserSessionsGrain>(userId).ListAsync(cancellationToken);

    public Task<int> InvalidateUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        grains.GetGrain<IUserSessionsGrain>(userId).InvalidateAllAsync(cancellationToken);
}
