using MemoryPack;
using Orleans.Storage;

namespace Orleans.Persistence.Memcached.Tests.Support;

/// <summary>A state that MemoryPack serializes (and Orleans too, for the wire).</summary>
[GenerateSerializer]
[MemoryPackable]
public sealed partial class PackedState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public string Text { get; set; } = string.Empty;

    [Id(2)]
    public List<string> Items { get; set; } = [];
}

/// <summary>A state that only Orleans' serializers know: the provider falls back to the silo's serializer.</summary>
[GenerateSerializer]
public sealed class PlainState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public string Text { get; set; } = string.Empty;

    [Id(2)]
    public List<string> Items { get; set; } = [];
}

/// <summary>A state that chooses its own record TTL (as a session with a per-session idle timeout does).</summary>
[GenerateSerializer]
[MemoryPackable]
public sealed partial class ExpiringState : IExpiringGrainState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public TimeSpan? TimeToLive { get; set; }

    [MemoryPackIgnore]
    [Id(2)]
    public TimeSpan? RemainingTimeToLive { get; set; }
}

/// <summary>A state of raw bytes, for large (chunked, compressed) states.</summary>
[GenerateSerializer]
[MemoryPackable]
public sealed partial class BlobState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public byte[] Data { get; set; } = [];
}
