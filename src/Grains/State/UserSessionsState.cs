using MemoryPack;
using Orleans.Storage;

namespace Sessions.State;

/// <summary>The stored form of one user's session index.</summary>
[GenerateSerializer]
[Alias("Sessions.UserSessionsState")]
[MemoryPackable(GenerateType.VersionTolerant)]
public sealed partial class UserSessionsState : IExpiringGrainState
{
    /// <summary>The layout written by this code.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The layout that wrote this state.</summary>
    [Id(0)]
    [MemoryPackOrder(0)]
    public int Format { get; set; } = CurrentFormat;

    /// <summary>The user's sessions by session id.</summary>
    [Id(1)]
    [MemoryPackOrder(1)]
    public Dictionary<string, UserSessionEntry> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The record's TTL, set by the grain before each write.</summary>
    [Id(2)]
    [MemoryPackOrder(2)]
    public TimeSpan RecordTtl { get; set; }

    /// <inheritdoc />
    [MemoryPackIgnore]
    public TimeSpan? TimeToLive => RecordTtl > TimeSpan.Zero ? RecordTtl : null;

    /// <inheritdoc />
    [Id(3)]
    [MemoryPackIgnore]
    public TimeSpan? RemainingTimeToLive { get; set; }
}

/// <summary>What the index knows about one session.</summary>
/// <param name="CreatedAt">When the session was created.</param>
/// <param name="LastAccessedAt">The session's last access reported to the index.</param>
/// <param name="ExpiresAt">When the session expires unless accessed after <paramref name="LastAccessedAt"/>.</param>
[GenerateSerializer]
[Alias("Sessions.UserSessionEntry")]
[MemoryPackable]
public readonly partial record struct UserSessionEntry(
    [property: Id(0)] DateTimeOffset CreatedAt,
    [property: Id(1)] DateTimeOffset LastAccessedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);
