namespace Sessions;

/// <summary>
/// A commit met a newer stored version of the session (written by another activation, for example
/// during a failover). The grain has reloaded the stored session and applied nothing; retry the same
/// <see cref="SessionCommit"/> (same <see cref="SessionCommit.CommitId"/>), which is then applied on the
/// fresh state, or recognised when it was already applied. The client helper retries it by itself.
/// </summary>
[GenerateSerializer]
[Alias("Sessions.SessionConflictException")]
public sealed class SessionConflictException : Exception
{
    /// <summary>Creates an exception.</summary>
    public SessionConflictException()
        : base("The session was changed by another activation; it was reloaded and nothing was applied. Retry the commit.")
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
