namespace Sessions.AspNetCore;

/// <summary>
/// The session could not be loaded or committed: the cluster did not answer within
/// <c>SessionOptions.IOTimeout</c> (after the client's retries) or failed. With
/// <see cref="ClusterSessionOptions.FailRequestOnError"/> the request is answered 503.
/// </summary>
public sealed class ClusterSessionUnavailableException : Exception
{
    /// <summary>Creates an exception.</summary>
    public ClusterSessionUnavailableException()
        : base("The session store is unavailable.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What failed.</param>
    public ClusterSessionUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterSessionUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
