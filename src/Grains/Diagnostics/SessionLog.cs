using Microsoft.Extensions.Logging;

namespace Sessions.Diagnostics;

/// <summary>The session grains' log messages. Session ids appear only as <see cref="SessionIds.Handle"/>; values never.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Session {Session}: storage unreachable during {Operation}; the change is kept in memory and retried in {RetryDelay}")]
    public static partial void StorageUnavailable(this ILogger logger, string session, string operation, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Session {Session}: pending change written to storage after {Attempts} attempts")]
    public static partial void PendingWritten(this ILogger logger, string session, int attempts);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Session {Session}: the stored record vanished (memcached restarted or evicted it); rewriting it from memory")]
    public static partial void RecordVanished(this ILogger logger, string session);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Session {Session}: another activation wrote version {StoredVersion} (this one had {LocalVersion}); reloaded, the change is retried by the caller")]
    public static partial void NewerRecord(this ILogger logger, string session, long storedVersion, long localVersion);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Session {Session}: changes not in storage were lost on deactivation ({Reason})")]
    public static partial void PendingLost(this ILogger logger, string session, string reason, Exception? exception);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Session {Session}: touch failed; the session stays alive in memory")]
    public static partial void TouchFailed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Session {Session}: updating the index of its user failed")]
    public static partial void IndexUpdateFailed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "User index: checking session {Session} failed; it is kept")]
    public static partial void IndexCheckFailed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Session {Session}: a front-end cache did not confirm the eviction of its read lease; the change waited for the lease to run out")]
    public static partial void EvictionUnconfirmed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Session {Session}: recording that its read leases ended failed on deactivation; its next activation waits one lease before its first change")]
    public static partial void LeasesReleaseFailed(this ILogger logger, string session, Exception exception);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Session {Session}: cannot be activated, its stored copy is unreadable now (memcached unreachable); the caller may retry")]
    public static partial void ActivationReadFailed(this ILogger logger, string session, Exception exception);
}
