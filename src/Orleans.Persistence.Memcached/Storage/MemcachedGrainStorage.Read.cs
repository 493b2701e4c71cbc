using Memcached;
using Orleans.Runtime;

namespace Orleans.Storage;

internal sealed partial class MemcachedGrainStorage
{
    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var logical = StateKeys.Logical(stateName, grainId);
        GetResult item;
        try
        {
            item = await Client.GetAsync(_keys.Memcached(logical)).ConfigureAwait(false);
        }
        catch (MemcachedException ex)
        {
            throw Failure("Read", stateName, grainId, ex);
        }

        using (item)
        {
            _metrics.Read(_name, item.IsHit);
            if (!item.IsHit)
            {
                ResetState(grainState);
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            if (!StateRecord.TryRead(item.Value, logical, out var record, out var problem))
            {
                Corrupt(grainState, stateName, grainId, item.Cas, problem);
                return;
            }

            T? state;
            try
            {
                state = record.Cleared ? Activator.CreateInstance<T>() : _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(record.Payload));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Corrupt(grainState, stateName, grainId, item.Cas, $"the payload cannot be deserialized as {typeof(T).Name}: {ex.GetType().Name}");
                return;
            }

            if (state is IExpiringGrainState expiring)
            {
                expiring.RemainingTimeToLive = item.RemainingTtl;
            }

            grainState.State = state!;
            grainState.ETag = new StateETag(record.Version, item.Cas).ToString();
            grainState.RecordExists = !record.Cleared;
        }
    }

    /// <summary>
    /// A record that cannot be used reads as "no record", with an ETag that lets the grain's next
    /// write replace it — the grain starts clean instead of failing on every activation.
    /// </summary>
    private void Corrupt<T>(IGrainState<T> grainState, string stateName, GrainId grainId, ulong cas, string problem)
    {
        _metrics.Corrupt(_name);
        _log.CorruptRecord(_name, grainId.Type.ToString()!, stateName, problem);
        ResetState(grainState);
        grainState.ETag = new StateETag(0, cas).ToString();
        grainState.RecordExists = false;
    }
}
