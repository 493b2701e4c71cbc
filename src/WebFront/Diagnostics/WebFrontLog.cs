namespace WebFront.Diagnostics;

/// <summary>The front-end's log events (source-generated, event ids 700-799). Never a session id, user input or value.</summary>
internal static partial class WebFrontLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Cannot reach the Orleans cluster yet (attempt {Attempt}, {Error}); retrying in 2 s")]
    public static partial void ClusterConnectFailed(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Front-end {Instance}: clustering {Clustering}, data-protection key ring {KeyRing}, {Admin}")]
    public static partial void Started(ILogger logger, string instance, string clustering, string keyRing, string admin);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Admin:ApiKey is not set: the admin API answers 401 to every call")]
    public static partial void AdminDisabled(ILogger logger);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Admin API call rejected: {Reason}")]
    public static partial void AdminRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "Readiness check failed: {Error}")]
    public static partial void NotReady(ILogger logger, string error);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Data-protection key ring was empty: created key {KeyId}, valid until {Expiration}")]
    public static partial void KeyRingKeyCreated(ILogger logger, Guid keyId, DateTimeOffset expiration);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "Could not check the shared data-protection key ring at start; the first request creates a key if none exists")]
    public static partial void KeyRingCheckFailed(ILogger logger, Exception exception);
}
