namespace Sessions;

/// <summary>
/// The session is not active on any silo and its stored copy cannot be read: memcached is unreachable
/// (every node holding it down, or not answering in time). Nothing was applied. Sessions already active
/// keep working from memory during an outage; this one becomes available as soon as memcached answers
/// again, so the call may be retried. The client helper retries it within its time budget.
/// </summary>
[GenerateSerializer]
[Alias("Sessions.SessionStorageUnavailableException")]
public sealed class SessionStorageUnavailableException : Exception
{
    /// <summary>Creates an exception.</summary>
    public SessionStorageUnavailableException()
        : base("The session cannot be loaded: its storage (memcached) is unreachable. Nothing was applied; retry when it returns.")
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionStorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionStorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
