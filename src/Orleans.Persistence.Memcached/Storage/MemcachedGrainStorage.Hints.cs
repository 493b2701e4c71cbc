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

    /// <summary>The hint for a write presenting <paramref name="expected"/>, when there is a usable one (single replica only).</summary>
    private WriteHint? HintFor(object grainState, StateAddress address, StateETag? expected) =>
        _replicas == 1 && expected is { } etag && _hints.TryGetValue(grainState, out var box) && box.Hint is { } hint
            && hint.Stamp == etag && hint.Key == address.Key && hint.Node.IsAvailable && hint.Node.ConnectionEpoch == hint.Epoch
            ? hint
            : null;

    private void Remember(object grainState, WriteHint? hint)
    {
        if (hint is not null)
        {
            _hints.GetValue(grainState, static _ => new HintBox()).Hint = hint;
        }
        else if (_hints.TryGetValue(grainState, out var box))
        {
            box.Hint = null;
        }
    }

    /// <summary>The hint a single-replica read or write leaves: the record the replica holds, as just seen.</summary>
    private WriteHint? HintAfter(StateAddress address, ReplicaHead head, StateETag stamp, ChunkSet? chunks) =>
        _replicas == 1 && head.Stamp == stamp ? new WriteHint(address.Key, stamp, head.Node, head.Epoch, head.Item.Cas, chunks) : null;

    /// <summary>
    /// The keys of (<paramref name="stateName"/>, <paramref name="grainId"/>), kept on the grain-state object's box:
    /// an activation reads and writes the same state over and over, and building its keys (grain id text, prefix,
    /// UTF-8 length) on every call is a measurable part of a small state's cost.
    /// </summary>
    private StateAddress Address(string stateName, GrainId grainId, object grainState)
    {
        var box = _hints.GetValue(grainState, static _ => new HintBox());
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
