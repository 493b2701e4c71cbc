using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Memcached;
using Orleans.Persistence.Memcached.Serialization;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteAsync(stateName, grainId, grainState).AsTask();

    /// <remarks>
    /// Its state machine is pooled: the task Orleans gets is a small wrapper around it, where an async <see cref="Task"/>
    /// method would allocate a box with the whole frame on every write.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var box = BoxOf(grainState);
        var address = Address(stateName, grainId, box);
        using var payload = Serialize(grainState.State, address);
        if (payload.Length > _options.MaxStateSize)
        {
            ThrowTooLarge(stateName, grainId, payload.Length);
        }

        var (stamp, hint) = await CommitAsync("Write", address, grainState.ETag, RecordFlags.None, payload, TtlFor(stateName, grainId, grainState.State), box).ConfigureAwait(false);
        box.Hint = hint;
        grainState.ETag = hint?.ETag ?? stamp!.Value.ToString();
        grainState.RecordExists = true;
        _metrics.Written(_name, payload.Length);
    }

    /// <summary>A throw helper, which the JIT does not inline: the message built in place would enlarge every write's state machine frame, which is zeroed on each resumption.</summary>
    [DoesNotReturn]
    private void ThrowTooLarge(string stateName, GrainId grainId, int length) =>
        throw new MemcachedStorageException(MemcachedErrorKind.TooLarge,
            $"State '{stateName}' of grain {grainId} serializes to {length} bytes, more than MaxStateSize ({_options.MaxStateSize}) of storage '{_name}' (Orleans:GrainStorage:{_name}:MaxStateSize). Nothing was stored.");

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => ClearAsync(stateName, grainId, grainState).AsTask();

    /// <remarks>Pooled, as <see cref="WriteAsync"/>.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ClearAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var box = BoxOf(grainState);
        var address = Address(stateName, grainId, box);
        var ttl = TtlFor(stateName, grainId, grainState.State);
        if (_options.DeleteStateOnClear)
        {
            // A tombstone, not a delete: a replica that comes back with the old record must not resurrect it.
            await CommitAsync("Clear", address, grainState.ETag, RecordFlags.Tombstone, SerializedPayload.Empty, ttl ?? _options.TombstoneTtl, box).ConfigureAwait(false);
            box.Hint = null;
            grainState.ETag = null;
        }
        else
        {
            var (stamp, hint) = await CommitAsync("Clear", address, grainState.ETag, RecordFlags.Cleared, SerializedPayload.Empty, ttl, box).ConfigureAwait(false);
            box.Hint = hint;
            grainState.ETag = hint?.ETag ?? stamp!.Value.ToString();
        }

        grainState.RecordExists = false;
        ResetState(grainState);
        _metrics.Cleared(_name);
    }

    /// <summary>
    /// The serialized state: a MemoryPack state straight into a pooled buffer with room for the record header in
    /// front (no intermediate array, no copy on the way to the client); any other through the configured serializer.
    /// </summary>
    private SerializedPayload Serialize<T>(T state, StateAddress address)
    {
        if (_options.GrainStorageSerializer is MemoryPackGrainStorageSerializer && MemoryPackGrainStorageSerializer.IsMemoryPackable<T>())
        {
            var payload = SerializedPayload.Pooled(address.HeaderLength, address.LastPayloadLength);
            try
            {
                MemoryPackGrainStorageSerializer.SerializeTo(state, payload);
                address.LastPayloadLength = payload.Length;
                return payload;
            }
            catch
            {
                payload.Dispose();
                throw;
            }
        }

        return SerializedPayload.Of(_options.GrainStorageSerializer.Serialize(state).ToMemory());
    }

    /// <summary>Null for "no record expected"; an ETag this provider did not issue can never match.</summary>
    private StateETag? ParseExpected(string operation, StateAddress address, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return null;
        }

        return StateETag.TryParse(etag, out var parsed) ? parsed : throw Conflict(operation, address, etag, storedETag: null);
    }

    /// <summary>
    /// Whether the presented ETag is the stored state's: none matches no record (or a tombstone), an ETag
    /// matches only the newest record on the replicas.
    /// </summary>
    private static bool Matches(StateETag? expected, ReplicaHead? newest) => expected is { } etag
        ? newest is { Record.IsTombstone: false } && newest.Record.Stamp == etag
        : newest is null || newest.Record.IsTombstone;

    /// <summary>The ETag a reader of <paramref name="newest"/> gets: none for no record or a tombstone.</summary>
    private static string? ETagOf(ReplicaHead? newest) => newest is { Record.IsTombstone: false } ? newest.Record.Stamp.ToString() : null;
}
