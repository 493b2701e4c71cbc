namespace Sessions.Client;

/// <summary>Options of <see cref="ISessionClient"/> (configuration section <c>SessionClient</c>).</summary>
public sealed class SessionClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SessionClient";

    /// <summary>Timeout of one attempt of a session call (a healthy call takes about a millisecond).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Budget of one call including its retries; past it the last error is thrown.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Backoff before the first retry (doubling, with full jitter, up to <see cref="MaxBackoff"/>).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest backoff between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest session or user id accepted, in characters (longer ids are rejected before any call).</summary>
    public int MaxIdLength { get; set; } = 256;
}
