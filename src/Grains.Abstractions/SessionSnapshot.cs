namespace Sessions;

/// <summary>What a session holds at one version, as returned by <see cref="ISessionGrain.LoadAsync(CancellationToken)"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("Sessions.SessionSnapshot")]
public sealed record SessionSnapshot
{
    /// <summary>The session's values. Treat as read-only: the grain may share the arrays with its own state.</summary>
    [Id(0)]
    public required IReadOnlyDictionary<string, byte[]> Values { get; init; }

    /// <summary>The session's version: it grows by one with every applied commit.</summary>
    [Id(1)]
    public required long Version { get; init; }

    /// <summary>When the session was created.</summary>
    [Id(2)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last load or commit (the start of the current idle period).</summary>
    [Id(3)]
    public required DateTimeOffset LastAccessedAt { get; init; }

    /// <summary>The session's idle timeout (sliding expiration).</summary>
    [Id(4)]
    public required TimeSpan IdleTimeout { get; init; }

    /// <summary>When the session ends whatever its activity (absolute lifetime); <see langword="null"/> when it has none.</summary>
    [Id(5)]
    public DateTimeOffset? AbsoluteExpiresAt { get; init; }

    /// <summary>The user the session is bound to, if any.</summary>
    [Id(6)]
    public string? UserId { get; init; }

    /// <summary>The silo hosting the session's activation (for diagnostics pages).</summary>
    [Id(7)]
    public string? Host { get; init; }

    /// <summary>
    /// How long the caller may serve this snapshot from its own memory, counted from when it sent the call; zero when it
    /// was granted no read lease (see <see cref="ISessionGrain.LoadAsync(ISessionCacheHolder, CancellationToken)"/>).
    /// </summary>
    [Id(8)]
    public TimeSpan ReadLease { get; init; }

    /// <summary>The version and the number of values only: neither values nor the user appear where a snapshot is logged.</summary>
    public override string ToString() => $"SessionSnapshot {{ Version = {Version}, Values = {Values.Count} }}";
}
