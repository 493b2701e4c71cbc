using Memcached;

namespace Orleans.Storage;

/// <summary>A grain-storage operation on memcached failed (memcached unreachable, state too large, ...).</summary>
public class MemcachedStorageException : MemcachedException
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

/// <summary>
/// No replica of the state could be reached: every memcached node that holds it is down, unreachable or not
/// answering within the client's operation timeout. Nothing was stored (a write may have reached some
/// replicas without being acknowledged). The provider needs no restart: it resumes by itself when the
/// client's health probes see the nodes again. A caller that keeps state in memory (a session grain) can
/// keep serving from it and write later.
/// </summary>
public sealed class MemcachedStorageUnavailableException : MemcachedStorageException
{
    /// <summary>Creates an exception.</summary>
    public MemcachedStorageUnavailableException()
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedStorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public MemcachedStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
