using MemoryPack;

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
