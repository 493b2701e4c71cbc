using System.Buffers;
using Memcached;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <summary>
    /// The newest record ready to serve: inline, or with its chunks joined from the first replica that has
    /// them all intact (replicas whose chunks are missing or damaged are marked for repair). No record when
    /// no replica has them; an error when the replicas that might have failed to answer.
    /// </summary>
    private async Task<LoadResult> LoadAsync(ReplicaHeads heads, ReplicaHead newest, StateAddress address)
    {
        if (!newest.Record.IsChunked)
        {
            return new LoadResult(StoredRecord.FromRead(newest.Record, newest.Item.Value, newest.Record.Body, null, address), newest, null);
        }

        MemcachedException? error = null;
        foreach (var head in heads.All.Where(h => h.Stamp == newest.Record.Stamp).OrderBy(h => ReferenceEquals(h, newest) ? 0 : 1))
        {
            try
            {
                if (await FetchChunksAsync(head, address).ConfigureAwait(false) is var (stored, length))
                {
                    return new LoadResult(StoredRecord.FromRead(head.Record, head.Item.Value, stored.AsMemory(0, length), stored, address), head, null);
                }

                head.ChunksDamaged = true;
            }
            catch (MemcachedException ex)
            {
                error ??= ex;
            }
        }

        return new LoadResult(null, null, error);
    }

    /// <summary>The stored payload of a chunked head, joined from its node into a pooled buffer; null when a chunk is missing or the result does not match the manifest.</summary>
    private async Task<(byte[] Buffer, int Length)?> FetchChunksAsync(ReplicaHead head, StateAddress address)
    {
        if (!ChunkManifest.TryRead(head.Record.Body.Span, out var manifest))
        {
            _metrics.Corrupt(_name);
            _log.CorruptRecord(_name, address.GrainType, address.StateName, "the chunk manifest is inconsistent");
            return null;
        }

        var keys = new string[manifest.ChunkCount];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = StateKeys.Chunk(address.ChunkBase, head.Record.Stamp.WriteId, i);
        }

        var chunks = await head.View.GetManyAsync(keys).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(manifest.StoredLength);
        var complete = true;
        try
        {
            for (var i = 0; i < keys.Length && complete; i++)
            {
                complete = chunks.TryGetValue(keys[i], out var chunk) && chunk.Value.Length == manifest.LengthOf(i);
                if (complete)
                {
                    chunk.Value.Span.CopyTo(buffer.AsSpan(i * manifest.ChunkSize));
                }
            }
        }
        finally
        {
            foreach (var chunk in chunks.Values)
            {
                chunk.Dispose();
            }
        }

        if (complete && manifest.Matches(buffer.AsSpan(0, manifest.StoredLength)))
        {
            return (buffer, manifest.StoredLength);
        }

        ArrayPool<byte>.Shared.Return(buffer);
        if (complete)
        {
            _metrics.Corrupt(_name);
            _log.CorruptRecord(_name, address.GrainType, address.StateName, $"the chunks on {head.Node.Name} do not match their checksum");
        }
        else
        {
            RecordMissing(address, MissingReason.Chunk);
        }

        return null;
    }

    /// <summary>What <see cref="LoadAsync"/> found: the record and the replica that served it, or the failure that hid it.</summary>
    private readonly record struct LoadResult(StoredRecord? Record, ReplicaHead? Served, MemcachedException? Error);
}
