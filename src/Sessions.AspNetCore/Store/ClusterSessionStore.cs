using Microsoft.AspNetCore.Session;
using Sessions.AspNetCore.Middleware;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// The <see cref="ISessionStore"/> that SessionMiddleware asks for each request's session. The session was
/// usually loaded already by <see cref="ClusterSessionMiddleware"/>, so nothing here waits.
/// </summary>
internal sealed class ClusterSessionStore(SessionStoreServices services) : ISessionStore
{
    public Microsoft.AspNetCore.Http.ISession Create(string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession, bool isNewSessionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        ArgumentNullException.ThrowIfNull(tryEstablishSession);

        RequestSessionScope? scope = RequestSessionScope.Current;
        if (scope is null)
        {
            return isNewSessionKey
                ? ClusterSession.New(services, null, sessionKey, idleTimeout, ioTimeout, tryEstablishSession)
                : ClusterSession.Loading(services, null, sessionKey, idleTimeout, ioTimeout, tryEstablishSession);
        }

        // UseSession twice in one pipeline: both see the same cookie, so both get the same session.
        if (scope.Session is { } existing)
        {
            return existing;
        }

        ClusterSession session;
        if (scope.Ignored)
        {
            session = ClusterSession.Ignored(services, sessionKey, idleTimeout, ioTimeout);
        }
        else if (isNewSessionKey)
        {
            session = ClusterSession.New(services, scope.Http, sessionKey, idleTimeout, ioTimeout, tryEstablishSession);
        }
        else if (string.Equals(scope.PreloadedKey, sessionKey, StringComparison.Ordinal))
        {
            session = ClusterSession.Loaded(services, scope.Http, sessionKey, scope.PreloadedGrainKey!, idleTimeout, ioTimeout, scope.Preloaded);
        }
        else
        {
            session = ClusterSession.Loading(services, scope.Http, sessionKey, idleTimeout, ioTimeout, tryEstablishSession);
        }

        scope.Session = session;
        return session;
    }
}
