using Microsoft.Extensions.Logging;

namespace Sessions.AspNetCore.Diagnostics;

/// <summary>
/// The store's log events (source-generated, event ids 600-699). Never a session key, grain key, handle or
/// value: only what happened, how long it took and the error.
/// </summary>
internal static partial class SessionWebLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Session load failed after {ElapsedMs} ms ({Reason}); the session is unavailable for this request")]
    public static partial void LoadFailed(ILogger logger, double elapsedMs, string reason, Exception exception);

    [LoggerMessage(EventId = 601, Level = LogLevel.Error, Message = "Session commit failed after {ElapsedMs} ms ({Reason}); the changes of this request were not stored")]
    public static partial void CommitFailed(ILogger logger, double elapsedMs, string reason, Exception exception);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Session commit rejected by a limit ({Limit}: {Actual} > {Maximum}); nothing was stored")]
    public static partial void CommitOverLimit(ILogger logger, SessionLimit limit, long actual, long maximum);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "A session was read before its load finished and the request thread waited for it. Register the store with AddClusterSessionStore() so the load completes before the application runs, and use the session options of IOptions<SessionOptions> in UseSession()")]
    public static partial void BlockingLoad(ILogger logger);

    [LoggerMessage(EventId = 604, Level = LogLevel.Debug, Message = "Session cookie could not be read ({Reason}); a new session starts")]
    public static partial void UnreadableCookie(ILogger logger, string reason);

    [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "Session operation {Operation} failed ({Reason})")]
    public static partial void OperationFailed(ILogger logger, string operation, string reason, Exception exception);

    [LoggerMessage(EventId = 606, Level = LogLevel.Information, Message = "Request answered {StatusCode}: {Problem}")]
    public static partial void RequestFailed(ILogger logger, int statusCode, string problem);

    [LoggerMessage(EventId = 607, Level = LogLevel.Information, Message = "Shutting down: released {Released} read leases in {ElapsedMs} ms ({Failed} not confirmed; their grains wait them out, one lease at most)")]
    public static partial void LeasesReleased(ILogger logger, int released, int failed, double elapsedMs);

    [LoggerMessage(EventId = 608, Level = LogLevel.Warning, Message = "Session commit dropped: the session ended (logout, regenerate or expiry) while the request ran")]
    public static partial void CommitOnEndedSession(ILogger logger);
}
