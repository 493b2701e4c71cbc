using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Memcached.Bench;

/// <summary>
/// C concurrent "grains" on one provider, each with its own grain id and its own grain-state objects
/// (keeping the ETag it got back, as an activation does), writing or reading one state.
/// </summary>
internal sealed class ProviderWorkload
{
    private const string StateName = "bench";
    private readonly IGrainStorage _storage;
    private readonly GrainId[] _grains;
    private readonly GrainState<BenchState>[] _written;
    private readonly GrainState<BenchState>[] _read;
    private readonly int _size;

    public ProviderWorkload(IGrainStorage storage, string run, int concurrency, byte[] payload)
    {
        _storage = storage;
        _size = payload.Length;
        _grains = [.. Enumerable.Range(0, concurrency).Select(w => GrainId.Create("bench", $"{run}-{w}"))];
        _written = [.. Enumerable.Range(0, concurrency).Select(_ => new GrainState<BenchState>(new BenchState { Payload = payload }))];
        _read = [.. Enumerable.Range(0, concurrency).Select(_ => new GrainState<BenchState>(new BenchState()))];
    }

    /// <summary>Writes every grain's state once, so reads find it and writes carry an ETag.</summary>
    public async Task PrepareAsync()
    {
        for (var w = 0; w < _grains.Length; w++)
        {
            await _storage.WriteStateAsync(StateName, _grains[w], _written[w]);
        }
    }

    public BenchOperation Write => async (worker, _) =>
    {
        await _storage.WriteStateAsync(StateName, _grains[worker], _written[worker]);
        return true;
    };

    public BenchOperation Read => async (worker, _) =>
    {
        var state = _read[worker];
        await _storage.ReadStateAsync(StateName, _grains[worker], state);
        return state.RecordExists && state.State?.Payload.Length == _size;
    };
}

/// <summary>The limit: the raw client setting and getting the same payloads, one key per worker.</summary>
internal sealed class RawWorkload(IMemcachedClient raw, string run, int concurrency, byte[] payload)
{
    private readonly string[] _keys = [.. Enumerable.Range(0, concurrency).Select(w => $"raw:{run}:{w}")];

    public async Task PrepareAsync()
    {
        foreach (var key in _keys)
        {
            await raw.SetAsync(key, payload);
        }
    }

    public BenchOperation Write => async (worker, _) => (await raw.SetAsync(_keys[worker], payload)).Status == MemcachedStatus.Stored;

    public BenchOperation Read => async (worker, _) =>
    {
        using var item = await raw.GetAsync(_keys[worker]);
        return item.IsHit && item.Value.Length == payload.Length;
    };
}
