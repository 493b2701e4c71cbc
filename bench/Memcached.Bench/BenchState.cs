using MemoryPack;
using Orleans;

namespace Memcached.Bench;

/// <summary>
/// The grain state the storage benchmark writes: MemoryPack for our provider (its default for
/// [MemoryPackable] types), Orleans' allow-listed JSON for the Redis provider ([GenerateSerializer]).
/// </summary>
[GenerateSerializer]
[MemoryPackable]
public sealed partial class BenchState
{
    [Id(0)]
    public byte[] Payload { get; set; } = [];
}
