using Sessions.State;

namespace Sessions;

/// <summary>
/// What session grains and the user index ask of a session grain besides <see cref="ISessionGrain"/>.
/// Used between grains of this package only; front-ends use <see cref="ISessionGrain"/>.
/// </summary>
[Alias("Sessions.ISessionControlGrain")]
public interface ISessionControlGrain : IGrainWithStringKey
{
    /// <summary>Takes over a session moved from another id; idempotent for the same source.</summary>
    /// <param name="transfer">The moved session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">This id already holds another session.</exception>
    [Alias("Adopt")]
    Task<SessionSnapshot> AdoptAsync(SessionTransfer transfer, CancellationToken cancellationToken = default);

    /// <summary>The index entry of this session when it is live and bound to <paramref name="userId"/>; null otherwise. Not an access.</summary>
    /// <param name="userId">The user whose index asks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("IndexEntry")]
    Task<UserSessionEntry?> GetIndexEntryAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Invalidates the session if it is bound to <paramref name="userId"/>, without calling back into the index; true when it was live.</summary>
    /// <param name="userId">The user whose index asks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Alias("InvalidateForUser")]
    Task<bool> InvalidateForUserAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>A session moving to a new id (<see cref="ISessionGrain.RegenerateAsync"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("Sessions.SessionTransfer")]
public sealed class SessionTransfer
{
    /// <summary>The handle of the id the session leaves.</summary>
    [Id(0)]
    public required string SourceHandle { get; init; }

    /// <summary>The values (immutable).</summary>
    [Id(1)]
    public required Dictionary<string, byte[]> Values { get; init; }

    /// <summary>When the session was created.</summary>
    [Id(2)]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The idle timeout.</summary>
    [Id(3)]
    public required TimeSpan IdleTimeout { get; init; }

    /// <summary>The absolute expiry, if any.</summary>
    [Id(4)]
    public DateTimeOffset? AbsoluteExpiresAt { get; init; }

    /// <summary>The bound user, if any.</summary>
    [Id(5)]
    public string? UserId { get; init; }
}
