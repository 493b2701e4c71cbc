using Memcached;

namespace Orleans.Storage;

/// <summary>A grain-storage operation on memcached failed (memcached unreachable, state too large, ...).</summary>
public sealed class MemcachedStorageException : MemcachedException
{
    /// <summary>Creates an exception.</summary>
    public MemcachedStorageException()
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedStorageException(string message, Exception innerException)
        : base(KindOf(innerException), (innerException as MemcachedException)?.Node, message, innerException)
    {
    }

    /// <summary>Creates an exception of a given kind.</summary>
    public MemcachedStorageException(MemcachedErrorKind kind, string message, Exception? innerException = null)
        : base(kind, (innerException as MemcachedException)?.Node, message, innerException)
    {
    }

    private static MemcachedErrorKind KindOf(Exception inner) => (inner as MemcachedException)?.Kind ?? MemcachedErrorKind.ConnectionFailed;
}
