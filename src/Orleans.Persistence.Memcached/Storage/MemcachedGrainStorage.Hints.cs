using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>
    /// Per grain-state object (Orleans keeps one per activation and state), so hints go away with the
    /// activation. Each object gets one box, created once; updates swap the box's content without the
    /// table's lock.
    /// </summary>
    private readonly ConditionalWeakTable<object, HintBox> _hints = [];

    /// <summary>The box of <paramref name="grainState"/>: looked up once per call, it holds the state's keys and hint.</summary>
    private HintBox BoxOf(object grainState) => _hints.GetValue(grainState, static _ => new HintBox());

    /// <summary>The hint for a write presenting <paramref name="expected"/>, when there is a usable one (single replica only).</summary>
    private WriteHint? HintFor(HintBox box, StateAddress address, StateETag? expected) =>
        _replicas == 1 && expected is { } etag && box.Hint is { } hint
            && hint.Stamp == etag && hint.Key == address.Key && hint.Node.IsAvailable && hint.Node.ConnectionEpoch == hint.Epoch
            ? hint
            : null;

    /// <summary>
    /// The ETag a caller presents, parsed (null: no record expected). The string this provider handed out last for the
    /// state is recognised without parsing; an ETag this provider did not issue can never match.
    /// </summary>
    private StateETag? ParseExpected(string operation, StateAddress address, string? etag, HintBox box) =>
        box.Hint is { } hint && ReferenceEquals(hint.ETag, etag) ? hint.Stamp : ParseExpected(operation, address, etag);

    /// <summary>The hint a single-replica read or write leaves: the record the replica holds, as just seen.</summary>
    private WriteHint? HintAfter(StateAddress address, ReplicaHead head, StateETag stamp, ChunkSet? chunks) =>
        _replicas == 1 && head.Stamp == stamp ? new WriteHint(address.Key, stamp, head.Node, head.Epoch, head.Item.Cas, chunks) : null;

    /// <summary>
    /// The keys of (<paramref name="stateName"/>, <paramref name="grainId"/>), kept on the grain-state object's box:
    /// an activation reads and writes the same state over and over, and building its keys (grain id text, prefix,
    /// UTF-8 length) on every call is a measurable part of a small state's cost.
    /// </summary>
    private StateAddress Address(string stateName, GrainId grainId, HintBox box)
    {
        if (box.Address is { } cached && cached.GrainId == grainId && string.Equals(cached.StateName, stateName, StringComparison.Ordinal))
        {
            return cached;
        }

        var address = Address(stateName, grainId);
        box.Address = address;
        return address;
    }

    private sealed class HintBox
    {
        private WriteHint? _hint;
        private StateAddress? _address;

        public StateAddress? Address
        {
            get => Volatile.Read(ref _address);
            set => Volatile.Write(ref _address, value);
        }

        public WriteHint? Hint
        {
            get => Volatile.Read(ref _hint);
            set => Volatile.Write(ref _hint, value);
        }
    }
}
