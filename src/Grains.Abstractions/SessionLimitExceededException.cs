namespace Sessions;

/// <summary>Which session limit a commit would exceed.</summary>
public enum SessionLimit
{
    /// <summary>One value is larger than the maximum value size.</summary>
    ValueSize,

    /// <summary>The session would hold more keys than allowed.</summary>
    KeyCount,

    /// <summary>The session's total size (keys and values) would be larger than allowed.</summary>
    TotalSize,

    /// <summary>A key is longer than allowed.</summary>
    KeyLength,
}

/// <summary>A commit was rejected because it would exceed a session limit; the session is unchanged.</summary>
[GenerateSerializer]
[Alias("Sessions.SessionLimitExceededException")]
public sealed class SessionLimitExceededException : Exception
{
    /// <summary>Creates an exception.</summary>
    public SessionLimitExceededException()
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    public SessionLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for one limit.</summary>
    /// <param name="limit">The limit.</param>
    /// <param name="maximum">The configured maximum.</param>
    /// <param name="actual">What the commit would have reached.</param>
    public SessionLimitExceededException(SessionLimit limit, long maximum, long actual)
        : base($"The session {Describe(limit)} would be {actual}, more than the maximum of {maximum}; nothing was changed.")
    {
        Limit = limit;
        Maximum = maximum;
        Actual = actual;
    }

    /// <summary>The limit.</summary>
    [Id(0)]
    public SessionLimit Limit { get; private set; }

    /// <summary>The configured maximum.</summary>
    [Id(1)]
    public long Maximum { get; private set; }

    /// <summary>What the commit would have reached.</summary>
    [Id(2)]
    public long Actual { get; private set; }

    private static string Describe(SessionLimit limit) => limit switch
    {
        SessionLimit.ValueSize => "value size in bytes",
        SessionLimit.KeyCount => "key count",
        SessionLimit.TotalSize => "total size in bytes",
        SessionLimit.KeyLength => "key length in characters",
        _ => limit.ToString(),
    };
}
