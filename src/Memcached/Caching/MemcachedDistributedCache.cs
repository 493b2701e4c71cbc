using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Memcached.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Memcached.Caching;

/// <summary>
/// <see cref="IDistributedCache"/> on memcached. Absolute and sliding expiration cost no extra
/// round trip: the entry carries its sliding window, memcached's TTL enforces it, and a read
/// renews it with a touch sent once the read returns, which the caller does not wait for (never a rewrite of the value).
/// </summary>
public sealed class MemcachedDistributedCache : IDistributedCache
{
    private readonly IMemcachedClient _client;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly ClientLog _log;

    /// <summary>Creates the cache over <paramref name="client"/>.</summary>
    public MemcachedDistributedCache(IMemcachedClient client, IOptions<MemcachedDistributedCacheOptions> options, TimeProvider? timeProvider = null, ILogger<MemcachedDistributedCache>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _prefix = options.Value.KeyPrefix ?? string.Empty;
        if (!MemcachedDistributedCacheOptions.IsUsablePrefix(_prefix))
        {
            throw new ArgumentException(MemcachedDistributedCacheOptions.PrefixRule, nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _log = new ClientLog(logger ?? (ILogger)NullLogger.Instance);
    }

    /// <inheritdoc />
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var cacheKey = CacheKey(key);
        using var item = await _client.GetAsync(cacheKey, token).ConfigureAwait(false);
        if (!item.IsHit || !TryReadEntry(item.Value.Span, out var header))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (header.IsExpired(now))
        {
            return null;
        }

        if (RenewalTtl(header, item.RemainingTtl, now) is { } ttl)
        {
            _ = RenewInBackgroundAsync(cacheKey, item.Cas, ttl);
        }

        return item.Value.Span[CacheEntryHeader.Size..].ToArray();
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var header = HeaderFor(options, now);
        var buffer = ArrayPool<byte>.Shared.Rent(CacheEntryHeader.Size + value.Length);
        try
        {
            header.Write(buffer);
            value.CopyTo(buffer, CacheEntryHeader.Size);
            var entry = buffer.AsMemory(0, CacheEntryHeader.Size + value.Length);
            await _client.StoreAsync(CacheKey(key), entry, new StoreOptions { Ttl = header.TtlFrom(now) }, token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        var cacheKey = CacheKey(key);
        using var item = await _client.GetAsync(cacheKey, token).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (item.IsHit && TryReadEntry(item.Value.Span, out var header) && !header.IsExpired(now)
            && RenewalTtl(header, item.RemainingTtl, now) is { } ttl)
        {
            await RenewAsync(cacheKey, item.Cas, ttl, token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await _client.DeleteAsync(CacheKey(key), cancellationToken: token).ConfigureAwait(false);

    private static bool TryReadEntry(ReadOnlySpan<byte> value, out CacheEntryHeader header) => CacheEntryHeader.TryRead(value, out header);

    private static CacheEntryHeader HeaderFor(DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        DateTimeOffset? absolute = options.AbsoluteExpirationRelativeToNow is { } relative
            ? now + relative
            : options.AbsoluteExpiration;
        if (absolute is { } at && at <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration value must be in the future.");
        }

        if (options.SlidingExpiration is { } window && window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), window, "The sliding expiration value must be positive.");
        }

        return new CacheEntryHeader(absolute?.ToUnixTimeMilliseconds() ?? 0, (long)(options.SlidingExpiration?.TotalMilliseconds ?? 0));
    }

    /// <summary>
    /// The TTL that renews a sliding entry now, or null when there is nothing to renew: no sliding window, or it was
    /// renewed a moment ago. <paramref name="remaining"/> is memcached's TTL left, in whole seconds; a moment is at most
    /// one of them (none, for a window under 10 s). So a refresh right after a read (ASP.NET Core's session loads and
    /// then refreshes in every request) does not touch again.
    /// </summary>
    private static TimeSpan? RenewalTtl(CacheEntryHeader header, TimeSpan? remaining, DateTimeOffset now)
    {
        if (header.SlidingMs <= 0)
        {
            return null;
        }

        var ttl = header.TtlFrom(now)!.Value;
        var recent = header.SlidingMs >= 10_000 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        return remaining is { } left && ttl - left <= recent ? null : ttl;
    }

    /// <summary>Renews the sliding window with a touch sent now; the caller does not wait for it.</summary>
    private async Task RenewInBackgroundAsync(string cacheKey, ulong cas, TimeSpan ttl)
    {
        try
        {
            await RenewAsync(cacheKey, cas, ttl, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MemcachedException ex)
        {
            _log.RefreshFailed(ex.Message);
        }
    }

    /// <summary>
    /// Touches the entry read with CAS <paramref name="cas"/>. memcached has no conditional touch, so a Set between the
    /// read and the touch would get the old entry's TTL: the touch returns the CAS it hit (a touch keeps the CAS), and
    /// when that is another entry, it gets its own TTL back from its header.
    /// </summary>
    private async Task RenewAsync(string cacheKey, ulong cas, TimeSpan ttl, CancellationToken token)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var touched = await _client.GetMetadataAsync(cacheKey, ttl, token).ConfigureAwait(false))
            {
                if (!touched.IsHit || touched.Cas == cas)
                {
                    return;
                }
            }

            using var current = await _client.GetAsync(cacheKey, token).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (!current.IsHit || !TryReadEntry(current.Value.Span, out var header))
            {
                return;
            }

            (cas, ttl) = (current.Cas, header.IsExpired(now) ? TimeSpan.FromSeconds(1) : header.TtlFrom(now) ?? TimeSpan.Zero);
        }
    }

    /// <summary>The memcached key: prefix + key, or prefix + a SHA-256 of the key when that would exceed memcached's key limit.</summary>
    private string CacheKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var full = _prefix + key;
        if (Protocol.KeyEncoder.Utf8Length(full) <= Protocol.KeyEncoder.MaxBinaryKeyLength)
        {
            return full;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return $"{_prefix}sha256:{Convert.ToBase64String(hash)}";
    }
}
