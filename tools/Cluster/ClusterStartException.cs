namespace LocalCluster;

/// <summary>The cluster (or one component) could not be started; the message says why and what to do.</summary>
public sealed class ClusterStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterStartException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public ClusterStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ClusterStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
