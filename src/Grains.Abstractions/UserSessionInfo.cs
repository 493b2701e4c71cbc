namespace Sessions;

/// <summary>One session in a user's index. It carries a handle, never the session id itself (a bearer secret).</summary>
[GenerateSerializer]
[Immutable]
[Alias("Sessions.UserSessionInfo")]
public sealed class UserSessionInfo
{
    /// <summary>A stable, non-reversible handle of the session id (<see cref="SessionIds.Handle"/>), safe to show and log.</summary>
    [Id(0)]
    public required string Handle { get; init; }

    /// <summary>When the session was created.</summary>
    [Id(1)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The session's last access known to the index (updated when the session reports it).</summary>
    [Id(2)]
    public required DateTimeOffset LastAccessedAt { get; init; }

    /// <summary>When the session expires unless accessed again.</summary>
    [Id(3)]
    public required DateTimeOffset ExpiresAt { get; init; }
}
