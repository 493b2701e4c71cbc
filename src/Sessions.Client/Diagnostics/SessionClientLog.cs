using Microsoft.Extensions.Logging;

namespace Sessions.Client.Diagnostics;

/// <summary>The client helper's log messages (never a session id or value).</summary>
internal static partial class SessionClientLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Session call {Method} attempt {Attempt} failed with {ErrorType}; retrying in {Delay}")]
    public static partial void Retrying(this ILogger logger, string method, int attempt, string errorType, TimeSpan delay);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Session call {Method} failed after {Attempts} attempts in {Elapsed}")]
    public static partial void GaveUp(this ILogger logger, string method, int attempts, TimeSpan elapsed, Exception exception);
}
