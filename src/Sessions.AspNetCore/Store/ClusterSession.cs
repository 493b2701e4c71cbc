using Microsoft.AspNetCore.Http;
using Sessions.AspNetCore.Client;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// One request's view of a session grain: the values loaded at request start, the request's net changes
/// (cleared, removed, set) on top, and the commit of only those changes. Not thread-safe, like every
/// <see cref="ISession"/>: one request uses it at a time.
/// </summary>
internal sealed partial class ClusterSession : IClusterSession
{
    private readonly SessionStoreServices _services;
    private readonly HttpContext? _http;
    private readonly Func<bool> _tryEstablishSession;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _ioTimeout;

    private string _sessionKey;
    private string _grainKey;
    private string? _handle;

    // A key SessionMiddleware created in this request: no client has seen it and its cookie is SessionMiddleware's to send.
    private readonly bool _isNewKey;

    private LoadState _loadState;
    private Task<LoadOutcome>? _pendingLoad;
    private ClusterSessionUnavailableException? _loadFailure;

    // The session as stored (last load or commit).
    private IReadOnlyDictionary<string, byte[]> _stored = SessionValues.Empty;
    private bool _exists;
    private TimeSpan? _storedIdleTimeout;

    // The snapshot whose values _stored is exactly: loaded, or built after a commit applied right on it. Null when
    // _stored may lack changes made elsewhere (the next commit then asks the grain for the whole session).
    private SessionSnapshot? _base;

    // Set when the cookie names a session that does not exist (expired, invalidated): the first change moves to a new key
    // so that a dead id is never brought back to life.
    private bool _rekeyBeforeWrite;

    private ClusterSession(SessionStoreServices services, HttpContext? http, string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession, bool isNewKey, string? grainKey = null)
    {
        _services = services;
        _http = http;
        _sessionKey = sessionKey;
        _grainKey = grainKey ?? SessionKeys.ToGrainKey(sessionKey);
        _idleTimeout = idleTimeout;
        _ioTimeout = ioTimeout;
        _tryEstablishSession = tryEstablishSession;
        _isNewKey = isNewKey;
    }

    private enum LoadState
    {
        Pending,
        Loaded,
        Failed,
        Ignored,
    }

    /// <inheritdoc />
    public bool IsAvailable
    {
        get
        {
            EnsureLoaded();
            return _loadState == LoadState.Loaded;
        }
    }

    /// <summary>A handle of the session (<see cref="SessionIds.Handle"/> of the grain key): stable, unique, and safe to log or show; never the key.</summary>
    public string Id => _handle ??= SessionIds.Handle(_grainKey);

    /// <summary>The grain key of the session as of now (changes with a regenerate); for diagnostics and tests, never to log.</summary>
    internal string GrainKey => _grainKey;

    /// <inheritdoc />
    public string? UserId { get; private set; }

    /// <inheritdoc />
    public string? Host { get; private set; }

    /// <inheritdoc />
    public long Version { get; private set; }

    /// <summary>The failure of the last commit, until a commit succeeds; the middleware turns it into 413 or 503.</summary>
    internal Exception? CommitFailure { get; private set; }

    /// <summary>Set by the middleware once it answered the request with an error: nothing more is committed or sent.</summary>
    internal bool Abandoned { get; set; }

    /// <summary>A session whose load (by the middleware, under <paramref name="grainKey"/>) has already finished.</summary>
    public static ClusterSession Loaded(SessionStoreServices services, HttpContext http, string sessionKey, string grainKey, TimeSpan idleTimeout, TimeSpan ioTimeout, LoadOutcome outcome)
    {
        var session = new ClusterSession(services, http, sessionKey, idleTimeout, ioTimeout, static () => true, isNewKey: false, grainKey);
        session.Complete(outcome);
        return session;
    }

    /// <summary>A session under a key created for this request (nothing to load).</summary>
    public static ClusterSession New(SessionStoreServices services, HttpContext? http, string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession)
    {
        var session = new ClusterSession(services, http, sessionKey, idleTimeout, ioTimeout, tryEstablishSession, isNewKey: true);
        session._loadState = LoadState.Loaded;
        return session;
    }

    /// <summary>
    /// A session whose load starts now, for a request the middleware did not prepare (for example <c>UseSession</c>
    /// with options of its own). <see cref="LoadAsync"/> awaits it; a synchronous read before it finished waits.
    /// </summary>
    public static ClusterSession Loading(SessionStoreServices services, HttpContext? http, string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession)
    {
        var session = new ClusterSession(services, http, sessionKey, idleTimeout, ioTimeout, tryEstablishSession, isNewKey: false);
        session._pendingLoad = services.LoadAsync(session._grainKey, ioTimeout, CancellationToken.None);
        return session;
    }

    /// <summary>The session of a request that matches the ignore pattern: empty, unavailable, never loaded or committed.</summary>
    public static ClusterSession Ignored(SessionStoreServices services, string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout)
    {
        var session = new ClusterSession(services, http: null, sessionKey, idleTimeout, ioTimeout, static () => false, isNewKey: false);
        session._loadState = LoadState.Ignored;
        return session;
    }

    /// <inheritdoc />
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_loadState == LoadState.Pending && _pendingLoad is not null)
        {
            Complete(await _pendingLoad.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private void EnsureLoaded()
    {
        if (_loadState != LoadState.Pending)
        {
            return;
        }

        if (_pendingLoad is null)
        {
            _loadState = LoadState.Loaded;
            return;
        }

        if (!_pendingLoad.IsCompleted)
        {
            _services.BlockingLoad();
        }

        // Only on the unprepared path (see Loading): the load was started in Create and the application read the
        // session synchronously before awaiting LoadAsync, as ASP.NET Core's own session does.
        Complete(_pendingLoad.GetAwaiter().GetResult());
    }

    private void Complete(LoadOutcome outcome)
    {
        _pendingLoad = null;
        if (outcome.Failure is not null)
        {
            _loadFailure = outcome.Failure;
            _loadState = LoadState.Failed;
            return;
        }

        _loadState = LoadState.Loaded;
        if (outcome.Snapshot is { } snapshot)
        {
            Adopt(snapshot);
        }
        else
        {
            _rekeyBeforeWrite = _http is not null;
        }
    }

    private void Adopt(SessionSnapshot snapshot)
    {
        _stored = snapshot.Values;
        _base = snapshot;
        _exists = true;
        _storedIdleTimeout = snapshot.IdleTimeout;
        UserId = snapshot.UserId;
        Host = snapshot.Host;
        Version = snapshot.Version;
        _viewKeys = -1;
    }
}
