using System.Buffers;
using System.Runtime.CompilerServices;
using K4os.Compression.LZ4;
using Memcached;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// Reads the head on every replica at once and serves the newest valid record (a replica that is empty,
    /// stale or corrupt never wins over a newer one), then repairs the replicas that lag behind.
    /// </remarks>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => ReadAsync(stateName, grainId, grainState).AsTask();

    /// <remarks>Pooled, as <see cref="WriteAsync"/>.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var box = BoxOf(grainState);
        var address = Address(stateName, grainId, box);
        var knownToExist = grainState.ETag is { } presented && (ReferenceEquals(box.Hint?.ETag, presented) || StateETag.TryParse(presented, out _));
        MemcachedException? lastError = null;
        var attempt = 0;
        if (TryPrimary(address.Key, out var node, out var view))
        {
            // A single replica holding an inline record, or nothing: one get, served as it arrives. Anything
            // else (a failure, a corrupt or chunked record) goes the general way below.
            var epoch = node.ConnectionEpoch;
            try
            {
                using var item = await view.GetAsync(address.Key).ConfigureAwait(false);
                if (!item.IsHit)
                {
                    Missing(grainState, box, address, knownToExist);
                    return;
                }

                if (StateRecord.TryRead(item.Value, address.Logical, out var inline, out _) && !inline.IsChunked)
                {
                    // The same record as last time keeps its hint, and the grain gets the same ETag string again.
                    var hint = box.Hint is { } last && last.Describes(address.Key, inline.Stamp, node, epoch, item.Cas)
                        ? last
                        : new WriteHint(address.Key, inline.Stamp, node, epoch, item.Cas, null);
                    Deliver(grainState, inline, inline.Body, item.RemainingTtl, address, hint.ETag);
                    box.Hint = hint;
                    return;
                }
            }
            catch (MemcachedException ex)
            {
                lastError = ex;
                await BackOffAsync(++attempt).ConfigureAwait(false);
            }
        }

        await ReadReplicasAsync(address, grainState, box, knownToExist, attempt, lastError).ConfigureAwait(false);
    }

    /// <summary>The general read: the heads of every replica, the newest served (chunks joined), the others repaired.</summary>
    /// <remarks>Not inlined, as <see cref="CommitHintedAsync"/>: <see cref="ReadAsync"/> runs on every read, this only after a miss of its fast path.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task ReadReplicasAsync<T>(StateAddress address, IGrainState<T> grainState, HintBox box, bool knownToExist, int attempt, MemcachedException? lastError)
    {
        var reloaded = false;
        while (attempt < _attempts)
        {
            var targets = Targets(address.Key);
            if (targets.Count == 0)
            {
                throw Unavailable("Read", address, lastError);
            }

            using var heads = await ReplicaHeads.ReadAsync(targets, address.Key, address.Logical).ConfigureAwait(false);
            if (heads.FirstError is { } unanswered)
            {
                // A replica that did not answer may hold the newest record (the others may have restarted empty or
                // missed writes): neither "no record" nor an older copy can be served until it answers or is marked
                // down (then it drops out of the targets).
                lastError = unanswered;
                await BackOffAsync(++attempt).ConfigureAwait(false);
                continue;
            }

            ReportCorrupt(heads, address);
            var newest = heads.Newest;
            if (newest is null)
            {
                Missing(grainState, box, address, knownToExist);
                return;
            }

            var load = await LoadAsync(heads, newest, address).ConfigureAwait(false);
            if (load.Error is { } loadError)
            {
                lastError = loadError;
                await BackOffAsync(++attempt).ConfigureAwait(false);
                continue;
            }

            if (load.Record is not { } record)
            {
                // The head may have just been replaced (and its chunks removed) by a writer: read once more.
                if (!reloaded)
                {
                    reloaded = true;
                    continue;
                }

                RecordMissing(address, MissingReason.Chunk);
                _metrics.Read(_name, hit: false);
                Empty(grainState, newest.Record.Stamp.ToString());
                box.Hint = null;
                return;
            }

            using (record)
            {
                await RepairAsync(heads, load.Served!, record, address).ConfigureAwait(false);
                var hint = HintAfter(address, load.Served!, record.Stamp, record.Chunks);
                Deliver(grainState, record.Record, record.Stored, load.Served!.Item.RemainingTtl, address, hint?.ETag);
                box.Hint = hint;
            }

            return;
        }

        throw Failure("Read", address, lastError!);
    }

    /// <summary>No record on any replica: the grain starts from a fresh state without ETag.</summary>
    private void Missing<T>(IGrainState<T> grainState, HintBox box, StateAddress address, bool knownToExist)
    {
        _metrics.Read(_name, hit: false);
        if (knownToExist)
        {
            RecordMissing(address, MissingReason.Record);
        }

        Empty(grainState, etag: null);
        box.Hint = null;
    }

    /// <summary>
    /// Hands the served record (its <paramref name="stored"/> payload, inline or joined from its chunks) to the grain:
    /// no record for a tombstone, a fresh state with the ETag for a cleared one. <paramref name="etag"/> is the record's
    /// ETag text when the caller has it already.
    /// </summary>
    private void Deliver<T>(IGrainState<T> grainState, StateRecord record, ReadOnlyMemory<byte> stored, TimeSpan? remainingTtl, StateAddress address, string? etag)
    {
        _metrics.Read(_name, hit: !record.IsTombstone);
        if (record.IsEmpty)
        {
            Empty(grainState, record.IsTombstone ? null : etag ?? record.Stamp.ToString());
            return;
        }

        byte[]? decompressed = null;
        try
        {
            var payload = stored;
            if ((record.Flags & RecordFlags.Compressed) != 0)
            {
                decompressed = ArrayPool<byte>.Shared.Rent(Math.Max(record.RawLength, 1));
                if (LZ4Codec.Decode(payload.Span, decompressed.AsSpan(0, record.RawLength)) != record.RawLength)
                {
                    Corrupt(grainState, address, record.Stamp, "the compressed payload does not decompress");
                    return;
                }

                payload = decompressed.AsMemory(0, record.RawLength);
            }

            T? state;
            try
            {
                state = _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Corrupt(grainState, address, record.Stamp, $"the payload cannot be deserialized as {typeof(T).Name}: {ex.GetType().Name}");
                return;
            }

            if (state is IExpiringGrainState expiring)
            {
                expiring.RemainingTimeToLive = remainingTtl;
            }

            grainState.State = state!;
            grainState.ETag = etag ?? record.Stamp.ToString();
            grainState.RecordExists = true;
        }
        finally
        {
            if (decompressed is not null)
            {
                ArrayPool<byte>.Shared.Return(decompressed);
            }
        }
    }

    private static void Empty<T>(IGrainState<T> grainState, string? etag)
    {
        ResetState(grainState);
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// A record whose payload cannot be used reads as "no record", with an ETag that lets the grain's next
    /// write replace it — the grain starts clean instead of failing on every activation.
    /// </summary>
    private void Corrupt<T>(IGrainState<T> grainState, StateAddress address, StateETag stamp, string problem)
    {
        _metrics.Corrupt(_name);
        _log.CorruptRecord(_name, address.GrainType, address.StateName, problem);
        Empty(grainState, stamp.ToString());
    }

    /// <summary>Counts and logs every replica whose head is not a record of this state (it will be repaired or replaced).</summary>
    private void ReportCorrupt(ReplicaHeads heads, StateAddress address)
    {
        foreach (var head in heads.All)
        {
            if (head.State == HeadState.Corrupt)
            {
                _metrics.Corrupt(_name);
                _log.CorruptRecord(_name, address.GrainType, address.StateName, head.Problem);
            }
        }
    }
}
