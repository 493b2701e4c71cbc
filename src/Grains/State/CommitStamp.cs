using MemoryPack;

namespace Sessions.State;

/// <summary>A commit the session applied, and the version it produced.</summary>
/// <param name="CommitId">The commit's id.</param>
/// <param name="Version">The session's version after it.</param>
[GenerateSerializer]
[Alias("Sessions.CommitStamp")]
[MemoryPackable]
public readonly partial record struct CommitStamp([property: Id(0)] Guid CommitId, [property: Id(1)] long Version);
