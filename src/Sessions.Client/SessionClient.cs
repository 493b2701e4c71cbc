using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sessions.Client.Diagnostics;

namespace Sessions.Client;

/// <summary>The <see cref="ISessionClient"/> over an Orleans grain factory (a cluster client, or a silo's own).</summary>
public sealed class SessionClient : ISessionClient
{
    private readonly GrainReferences<ISessionGrain> _sessions;
    private readonly GrainReferences<IUserSessionsGrain> _users;
    private readonly SessionCallRetry _retry;
    private readonly int _maxIdLength;

    /// <summary>Creates the client.</summary>
    /// <param name="grains">The Orleans grain factory (<c>IClusterClient</c>).</param>
    /// <param name="options">Timeouts and retry budget.</param>
    /// <param name="metrics">The client's instruments.</param>
    /// <param name="logger">Logs retries (never ids or values).</param>
    /// <param name="time">The clock of the retry budget; null for the system clock.</param>
    public SessionClient(IGrainFactory grains, IOptions<SessionClientOptions> options, SessionClientMetrics metrics, ILogger<SessionClient>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _sessions = new GrainReferences<ISessionGrain>(grains);
        _users = new GrainReferences<IUserSessionsGrain>(grains);
        _maxIdLength = options.Value.MaxIdLength;
        _retry = new SessionCallRetry(options.Value, time ?? TimeProvider.System, metrics, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public Task<SessionSnapshot?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var grain = Session(sessionId);
        return _retry.RunAsync("Load", token => grain.LoadAsync(token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SessionSnapshot?> LoadAsync(string sessionId, ISessionCacheHolder holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var grain = Session(sessionId);
        return _retry.RunAsync("Load", token => grain.LoadAsync(holder, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string sessionId, ISessionCacheHolder holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var grain = Session(sessionId);
        return _retry.RunAsync("ReleaseLease", async token =>
        {
            await grain.ReleaseLeaseAsync(holder, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(string sessionId, SessionCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var grain = Session(sessionId);
        return _retry.RunAsync("Commit", token => grain.CommitAsync(commit, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task InvalidateAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var grain = Session(sessionId);
        return _retry.RunAsync("Invalidate", async token =>
        {
            await grain.InvalidateAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SessionSnapshot?> RegenerateAsync(string sessionId, string newSessionId, CancellationToken cancellationToken = default)
    {
        CheckId(newSessionId, nameof(newSessionId));
        var grain = Session(sessionId);
        return _retry.RunAsync("Regenerate", token => grain.RegenerateAsync(newSessionId, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<SessionSnapshot> BindUserAsync(string sessionId, string? userId, CancellationToken cancellationToken = default)
    {
        if (userId is not null)
        {
            CheckId(userId, nameof(userId));
        }

        var grain = Session(sessionId);
        return _retry.RunAsync("BindUser", token => grain.BindUserAsync(userId, token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserSessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var grain = User(userId);
        return _retry.RunAsync("ListUserSessions", token => grain.ListAsync(token), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> InvalidateUserSessionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var grain = User(userId);
        return _retry.RunAsync("InvalidateUserSessions", token => grain.InvalidateAllAsync(token), cancellationToken);
    }

    private ISessionGrain Session(string sessionId)
    {
        CheckId(sessionId, nameof(sessionId));
        return _sessions.Get(sessionId);
    }

    private IUserSessionsGrain User(string userId)
    {
        CheckId(userId, nameof(userId));
        return _users.Get(userId);
    }

    /// <summary>
    /// Any non-empty id of sane length: ASP.NET Core's session middleware uses GUID strings, our own
    /// <see cref="SessionIds.Create"/> gives 43 base64url characters.
    /// </summary>
    private void CheckId(string id, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameter);
        if (id.Length > _maxIdLength)
        {
            throw new ArgumentOutOfRangeException(parameter, id.Length, $"An id may have at most {_maxIdLength} characters (SessionClient:MaxIdLength).");
        }
    }
}
