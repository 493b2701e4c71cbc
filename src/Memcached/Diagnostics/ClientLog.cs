using Microsoft.Extensions.Logging;

namespace Memcached.Diagnostics;

/// <summary>The client's log events (source-generated). Keys and values are never logged.</summary>
internal sealed partial class ClientLog(ILogger logger)
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connected to memcached {Node}")]
    public partial void Connected(string node);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Connection to memcached {Node} closed ({Kind}): {Reason}")]
    public partial void ConnectionClosed(string node, MemcachedErrorKind kind, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Memcached {Node} marked down after {Failures} consecutive failures; last: {Reason}")]
    public partial void NodeDown(string node, int failures, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Memcached {Node} is back up")]
    public partial void NodeUp(string node);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Probe of memcached {Node} failed: {Reason}")]
    public partial void ProbeFailed(string node, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Memcached {Node} sent a malformed reply: {Reason}")]
    public partial void ProtocolError(string node, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Sliding-expiration refresh on memcached failed: {Reason}")]
    public partial void RefreshFailed(string reason);
}
