using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Memcached.Bench;

/// <summary>A store under test: a set must be acknowledged, a get must hit with the expected length.</summary>
internal interface IBenchTarget
{
    string Name { get; }

    ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value);

    ValueTask<bool> GetAsync(string key, int expectedLength);
}

/// <summary>Our client: <c>SetAsync</c> and <c>GetAsync</c>, the pooled result disposed after the check.</summary>
internal sealed class MemcachedTarget(IMemcachedClient client) : IBenchTarget
{
    public string Name => "ours";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value)
    {
        MemcachedResult result = await client.SetAsync(key, value);
        return result.Status == MemcachedStatus.Stored;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> GetAsync(string key, int expectedLength)
    {
        using GetResult result = await client.GetAsync(key);
        return result.IsHit && result.Value.Length == expectedLength;
    }
}

/// <summary>
/// StackExchange.Redis: <c>StringSetAsync</c>, and <c>StringGetLeaseAsync</c> for gets — its pooled-buffer read, the
/// closest match to our pooled <see cref="GetResult"/> and cheaper than <c>StringGetAsync</c>'s fresh array.
/// </summary>
internal sealed class RedisTarget(IDatabase database) : IBenchTarget
{
    public string Name => "StackExchange.Redis";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> SetAsync(string key, ReadOnlyMemory<byte> value) =>
        await database.StringSetAsync(key, value);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> GetAsync(string key, int expectedLength)
    {
        using Lease<byte>? lease = await database.StringGetLeaseAsync(key);
        return lease is not null && lease.Length == expectedLength;
    }
}
