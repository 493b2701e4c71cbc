namespace Memcached;

/// <summary>What went wrong in a failed memcached operation.</summary>
public enum MemcachedErrorKind
{
    /// <summary>The operation did not complete within <see cref="MemcachedClientOptions.OperationTimeout"/>.</summary>
    Timeout,

    /// <summary>The connection could not be opened, or broke while the request was pending.</summary>
    ConnectionFailed,

    /// <summary>The node is marked down and the client is configured to fail fast.</summary>
    NodeDown,

    /// <summary>No node is available to serve the key.</summary>
    NoNodeAvailable,

    /// <summary>The server sent a reply the client could not parse; the connection was closed.</summary>
    ProtocolError,

    /// <summary>The server answered <c>CLIENT_ERROR</c>.</summary>
    ClientError,

    /// <summary>The server answered <c>SERVER_ERROR</c> (for example: object too large for cache, out of memory).</summary>
    ServerError,

    /// <summary>The value is larger than the server's item size limit or a configured maximum.</summary>
    TooLarge,

    /// <summary>The server answered <c>ERROR</c> (command unknown to this server).</summary>
    UnknownCommand,

    /// <summary>The server rejected the configured credentials.</summary>
    AuthenticationFailed,

    /// <summary>The client has been disposed.</summary>
    Disposed,
}

/// <summary>
/// A memcached operation failed. Carries the node it was sent to and, when the server answered
/// with an error, the server's own error text.
/// </summary>
public class MemcachedException : Exception
{
    /// <summary>Creates an exception.</summary>
    public MemcachedException()
        : this(MemcachedErrorKind.ConnectionFailed, node: null, "memcached operation failed")
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedException(string message)
        : this(MemcachedErrorKind.ConnectionFailed, node: null, message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedException(string message, Exception innerException)
        : this(MemcachedErrorKind.ConnectionFailed, node: null, message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="node"/>.</summary>
    public MemcachedException(MemcachedErrorKind kind, string? node, string message, Exception? innerException = null, string? serverMessage = null)
        : base(node is null ? message : $"memcached {node}: {message}", innerException)
    {
        Kind = kind;
        Node = node;
        ServerMessage = serverMessage;
    }

    /// <summary>What went wrong.</summary>
    public MemcachedErrorKind Kind { get; }

    /// <summary>The node (<c>host:port</c>) the operation was sent to, when known.</summary>
    public string? Node { get; }

    /// <summary>The error text the server sent (after <c>CLIENT_ERROR</c>/<c>SERVER_ERROR</c>), if any.</summary>
    public string? ServerMessage { get; }
}
