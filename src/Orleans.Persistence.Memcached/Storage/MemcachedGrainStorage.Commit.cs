using System.Runtime.CompilerServices;
using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>Attempts to decide a write on the primary when others keep changing it (read-repair, racing writers).</summary>
    private const int MaxContention = 4;

    /// <summary>
    /// Stores a new record of <paramref name="kind"/> if <paramref name="etag"/> is the stored state's ETag,
    /// and returns its stamp (null when a tombstone was asked for a state that has no record).
    /// <para>
    /// 1. Read the head on every replica (the first <c>ReplicaCount</c> live nodes in ring order). The ETag
    /// must name the newest record among them (a stale or returning replica cannot make an old ETag pass).
    /// 2. Compare-and-swap the new record onto the first replica, the primary, from exactly what was read
    /// there: this is the single point where a write is decided, so of two writers presenting the same ETag
    /// only one succeeds. 3. Copy it to the other replicas, each only while it holds an older record.
    /// </para>
    /// A replica that fails is retried on a fresh plan (a node marked down drops out, the next node on the
    /// ring takes its place); a retry that finds its own record already stored goes on with step 3.
    /// With a single replica and a hint (<see cref="WriteHint"/>) left in <paramref name="box"/> for the presented ETag, step 1 is skipped: the CAS
    /// token of the hint proves the item is unchanged.
    /// </summary>
    /// <remarks>
    /// The hinted compare-and-swap, the path of almost every write, runs in a state machine of its own, without the
    /// replica loop's locals in its frame (the JIT zeroes a frame on every resumption): only a write without a usable
    /// hint, or whose hint turns out stale, needs the loop.
    /// </remarks>
    private ValueTask<(StateETag? Stamp, WriteHint? Hint)> CommitAsync(string operation, StateAddress address, string? etag, RecordFlags kind, SerializedPayload payload, TimeSpan? ttl, HintBox box)
    {
        var expected = ParseExpected(operation, address, etag, box);
        return HintFor(box, address, expected) is { } hint && TryPrimary(address.Key, out var node, out var view) && ReferenceEquals(node, hint.Node)
            ? CommitHintedAsync(operation, address, etag, expected, kind, payload, ttl, hint, view)
            : CommitOnReplicasAsync(operation, address, etag, expected, kind, payload, ttl, record: null, hintedFailure: null);
    }

    /// <summary>
    /// Step 2 alone, from the CAS token of <paramref name="hint"/>; when the item has changed since, or the outcome is
    /// unknown, the write goes on with <see cref="CommitOnReplicasAsync"/>, which finds out whether this record got there.
    /// </summary>
    /// <remarks>
    /// Pooled: every hinted write and clear runs it. Not inlined: the caller's frame would hold this state machine
    /// (it is built there before its first await), and a caller's frame is zeroed each time the caller resumes.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<(StateETag? Stamp, WriteHint? Hint)> CommitHintedAsync(string operation, StateAddress address, string? etag, StateETag? expected, RecordFlags kind, SerializedPayload payload, TimeSpan? ttl, WriteHint hint, IMemcachedClient view)
    {
        var record = StoredRecord.Encode(address, StateETag.Next(hint.Stamp, _time.GetUtcNow().ToUnixTimeMilliseconds()), kind, payload, _options.CompressionThreshold, _options.MaxItemSize);
        MemcachedException? error = null;
        try
        {
            // An inline record replacing an inline record is the compare-and-swap alone (no chunk work, no extra frame).
            var cas = record.Manifest is null && hint.Chunks is null
                ? CasOf(await view.StoreAsync(address.Key, record.Head, HeadOptions(hint.Cas, record, ttl)).ConfigureAwait(false))
                : await StoreHeadAsync(view, hint.Node, hint.Cas, hint.Chunks, record, ttl, address).ConfigureAwait(false);
            if (cas != 0)
            {
                using (record)
                {
                    return (record.Stamp, new WriteHint(hint.Key, record.Stamp, hint.Node, hint.Epoch, cas, record.Chunks));
                }
            }
        }
        catch (MemcachedException ex)
        {
            // The outcome is unknown; the replica loop reads whether the record got there.
            error = ex;
        }
        catch
        {
            record.Dispose();
            throw;
        }

        return await CommitOnReplicasAsync(operation, address, etag, expected, kind, payload, ttl, record, error).ConfigureAwait(false);
    }

    /// <summary>
    /// Steps 1 to 3 of <see cref="CommitAsync"/>, retried on failures. After a hinted attempt, <paramref name="record"/> is
    /// the record it encoded (and perhaps stored), which this method then owns, and <paramref name="hintedFailure"/> its
    /// failure, if it failed (one attempt used).
    /// </summary>
    /// <remarks>Pooled, and not inlined, as <see cref="CommitHintedAsync"/>.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<(StateETag? Stamp, WriteHint? Hint)> CommitOnReplicasAsync(string operation, StateAddress address, string? etag, StateETag? expected, RecordFlags kind, SerializedPayload payload, TimeSpan? ttl, StoredRecord? record, MemcachedException? hintedFailure)
    {
        var lastError = hintedFailure;
        var attempt = hintedFailure is null ? 0 : 1;
        StateETag? replaced = null;
        var linearized = false;
        var contention = 0;
        try
        {
            if (lastError is not null)
            {
                await BackOffAsync(attempt).ConfigureAwait(false); // the hinted attempt failed
            }

            while (attempt < _attempts)
            {
                var targets = Targets(address.Key);
                if (targets.Count == 0)
                {
                    throw Unavailable(operation, address, lastError);
                }

                var required = _options.WriteQuorum ?? targets.Count;
                if (targets.Count < required)
                {
                    throw Failure(operation, address, new MemcachedException(MemcachedErrorKind.NoNodeAvailable, null,
                        $"the write quorum is {required} copies but only {targets.Count} replica node(s) are up"));
                }

                using var heads = await ReplicaHeads.ReadAsync(targets, address.Key, address.Logical).ConfigureAwait(false);
                if (heads.FirstError is { } error)
                {
                    lastError = error;
                    await BackOffAsync(++attempt).ConfigureAwait(false);
                    continue;
                }

                var copied = 0;
                if (!linearized && record is not null && heads.Holds(record.Stamp))
                {
                    linearized = true;
                }

                if (!linearized)
                {
                    var newest = heads.Newest;
                    if (!Matches(expected, newest))
                    {
                        if (expected is not null && newest is null)
                        {
                            RecordMissing(address, MissingReason.Record);
                        }

                        throw Conflict(operation, address, etag, ETagOf(newest));
                    }

                    if (kind == RecordFlags.Tombstone && (newest is null || newest.Record.IsTombstone))
                    {
                        return (null, null);
                    }

                    if (record is null || (newest is not null && record.Stamp <= newest.Record.Stamp))
                    {
                        record?.Dispose();
                        record = null;
                        record = StoredRecord.Encode(address, StateETag.Next(newest?.Stamp, _time.GetUtcNow().ToUnixTimeMilliseconds()), kind, payload, _options.CompressionThreshold, _options.MaxItemSize);
                    }

                    ulong decided;
                    var epoch = heads[0].Node.ConnectionEpoch;
                    try
                    {
                        decided = await TryReplaceAsync(heads[0], record, ttl, address).ConfigureAwait(false);
                    }
                    catch (MemcachedException ex)
                    {
                        // The outcome is unknown; the next attempt reads whether the record got there.
                        lastError = ex;
                        await BackOffAsync(++attempt).ConfigureAwait(false);
                        continue;
                    }

                    if (decided == 0)
                    {
                        if (++contention > MaxContention)
                        {
                            throw Conflict(operation, address, etag, storedETag: null);
                        }

                        continue;
                    }

                    linearized = true;
                    replaced = newest?.Stamp;
                    copied = 1;
                    if (_replicas == 1)
                    {
                        return (record.Stamp, new WriteHint(address.Key, record.Stamp, heads[0].Node, epoch, decided, record.Chunks));
                    }
                }

                var (copies, copyError) = await CopyToReplicasAsync(heads, copied, record!, ttl, address, RepairTrigger.Write, replaced).ConfigureAwait(false);
                if (copyError is not null)
                {
                    lastError = copyError;
                    await BackOffAsync(++attempt).ConfigureAwait(false);
                    continue;
                }

                if (copied + copies >= required)
                {
                    return (record!.Stamp, HintAfter(address, heads[0], record.Stamp, record.Chunks));
                }

                lastError = new MemcachedException(MemcachedErrorKind.ServerError, null, $"only {copied + copies} of {required} replicas took the write");
                attempt++;
            }

            throw Failure(operation, address, lastError!);
        }
        finally
        {
            record?.Dispose();
        }
    }

    /// <summary>
    /// Copies <paramref name="record"/> to the replicas of <paramref name="heads"/> from index <paramref name="from"/>
    /// (in parallel); returns how many hold it (or a newer record) and the first failure, if any. A replica that
    /// held something else than <paramref name="baseline"/> (the newest record the write replaced; null when there
    /// was none) is counted as repaired.
    /// </summary>
    private async Task<(int Copies, MemcachedException? Error)> CopyToReplicasAsync(ReplicaHeads heads, int from, StoredRecord record, TimeSpan? ttl, StateAddress address, RepairTrigger trigger, StateETag? baseline)
    {
        if (from >= heads.Count)
        {
            return (0, null);
        }

        var copies = new Task<(bool Held, MemcachedException? Error)>[heads.Count - from];
        for (var i = from; i < heads.Count; i++)
        {
            copies[i - from] = TryCopyAsync(heads[i], record, ttl, address, heads[i].Stamp == baseline ? null : trigger);
        }

        var held = 0;
        MemcachedException? error = null;
        foreach (var (copy, failure) in await Task.WhenAll(copies).ConfigureAwait(false))
        {
            held += copy ? 1 : 0;
            error ??= failure;
        }

        return (held, error);
    }

    /// <summary><see cref="CopyAsync"/>, with a memcached failure returned rather than thrown.</summary>
    private async Task<(bool Held, MemcachedException? Error)> TryCopyAsync(ReplicaHead head, StoredRecord record, TimeSpan? ttl, StateAddress address, RepairTrigger? repair)
    {
        try
        {
            return (await CopyAsync(head, record, ttl, address, repair).ConfigureAwait(false), null);
        }
        catch (MemcachedException ex)
        {
            return (false, ex);
        }
    }
}
