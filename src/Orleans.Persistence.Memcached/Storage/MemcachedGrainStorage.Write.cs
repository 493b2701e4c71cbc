using System.Buffers;
using System.Text;
using Memcached;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        if (payload.Length > _options.MaxStateSize)
        {
            throw new MemcachedStorageException(MemcachedErrorKind.TooLarge,
                $"State '{stateName}' of grain {grainId} serializes to {payload.Length} bytes, more than MaxStateSize ({_options.MaxStateSize}) of storage '{_name}' (Orleans:GrainStorage:{_name}:MaxStateSize). Nothing was stored.");
        }

        grainState.ETag = await StoreAsync("Write", stateName, grainId, grainState.ETag, cleared: false, payload, TtlFor(stateName, grainId, grainState.State)).ConfigureAwait(false);
        grainState.RecordExists = true;
        _metrics.Written(_name, payload.Length);
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_options.DeleteStateOnClear)
        {
            await DeleteAsync(stateName, grainId, grainState.ETag).ConfigureAwait(false);
            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = await StoreAsync("Clear", stateName, grainId, grainState.ETag, cleared: true, ReadOnlyMemory<byte>.Empty, TtlFor(stateName, grainId, grainState.State)).ConfigureAwait(false);
        }

        grainState.RecordExists = false;
        ResetState(grainState);
        _metrics.Cleared(_name);
    }

    /// <summary>
    /// Stores a record if the stored one still matches <paramref name="etag"/>: compare-and-swap on
    /// the ETag's CAS token, or add-if-absent when there is no ETag. Returns the new ETag.
    /// </summary>
    private async Task<string> StoreAsync(string operation, string stateName, GrainId grainId, string? etag, bool cleared, ReadOnlyMemory<byte> payload, TimeSpan? ttl)
    {
        var expected = ParseExpected(operation, stateName, grainId, etag);
        var logical = StateKeys.Logical(stateName, grainId);
        var record = new StateRecord((expected?.Version ?? 0) + 1, cleared, payload);
        var header = ArrayPool<byte>.Shared.Rent(StateRecord.SizeOf(Encoding.UTF8.GetMaxByteCount(logical.Length), 0));
        try
        {
            var value = Segments.Of(header.AsMemory(0, record.WriteHeaderTo(logical, header)), payload);
            var store = new StoreOptions
            {
                Mode = expected is null ? StoreMode.Add : StoreMode.Set,
                Cas = expected?.Cas ?? 0,
                Ttl = ttl,
            };
            var result = await Client.StoreAsync(_keys.Memcached(logical), value, store).ConfigureAwait(false);
            return result.Status == MemcachedStatus.Stored
                ? new StateETag(record.Version, result.Cas).ToString()
                : throw Conflict(operation, stateName, grainId, etag, storedETag: null);
        }
        catch (MemcachedException ex)
        {
            throw Failure(operation, stateName, grainId, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <inheritdoc />
    public async Task<bool> TouchAsync(string stateName, GrainId grainId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await Client.TouchAsync(_keys.Memcached(StateKeys.Logical(stateName, grainId)), ttl, cancellationToken).ConfigureAwait(false);
            return result.Succeeded;
        }
        catch (MemcachedException ex)
        {
            throw Failure("Touch", stateName, grainId, ex);
        }
    }

    /// <summary>Deletes the record if it still matches <paramref name="etag"/>; with no ETag, succeeds only when there is no record.</summary>
    private async Task DeleteAsync(string stateName, GrainId grainId, string? etag)
    {
        var expected = ParseExpected("Clear", stateName, grainId, etag);
        var key = _keys.Memcached(StateKeys.Logical(stateName, grainId));
        try
        {
            if (expected is null)
            {
                using var existing = await Client.GetAsync(key).ConfigureAwait(false);
                if (existing.IsHit)
                {
                    throw Conflict("Clear", stateName, grainId, etag, storedETag: null);
                }

                return;
            }

            var result = await Client.DeleteAsync(key, expected.Value.Cas).ConfigureAwait(false);
            if (result.Status != MemcachedStatus.Deleted)
            {
                throw Conflict("Clear", stateName, grainId, etag, storedETag: null);
            }
        }
        catch (MemcachedException ex)
        {
            throw Failure("Clear", stateName, grainId, ex);
        }
    }

    /// <summary>Null for "no record expected"; an ETag this provider did not issue can never match.</summary>
    private StateETag? ParseExpected(string operation, string stateName, GrainId grainId, string? etag)
    {
        if (string.IsNullOrEmpty(etag))
        {
            return null;
        }

        return StateETag.TryParse(etag, out var parsed) ? parsed : throw Conflict(operation, stateName, grainId, etag, storedETag: null);
    }
}
