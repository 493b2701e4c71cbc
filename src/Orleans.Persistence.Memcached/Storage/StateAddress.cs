using System.Text;
using Orleans.Runtime;

namespace Orleans.Storage;

/// <summary>The keys of one grain state: logical (stored in its records) and memcached (its head item; its chunks).</summary>
internal sealed class StateAddress(string stateName, GrainId grainId, string logical, string key, StateKeys keys)
{
    private string? _chunkBase;
    private int _headerLength;

    public string StateName { get; } = stateName;

    public GrainId GrainId { get; } = grainId;

    public string Logical { get; } = logical;

    /// <summary>The memcached key of the head item (the same on every replica).</summary>
    public string Key { get; } = key;

    /// <summary>The start of the state's chunk keys (computed on first use: only large states have chunks).</summary>
    public string ChunkBase => _chunkBase ??= keys.ChunkBase(Logical);

    /// <summary>The length of a record's header and key for this state (records are written with exactly this much in front of the body).</summary>
    public int HeaderLength => _headerLength != 0 ? _headerLength : _headerLength = StateRecord.HeaderSize + Encoding.UTF8.GetByteCount(Logical);

    /// <summary>The serialized length of the state's last write through this address (sizes the next write's buffer).</summary>
    public int LastPayloadLength { get; set; }

    public string GrainType => GrainId.Type.ToString()!;
}
