namespace Memcached.Connections;

/// <summary>Turns a <see cref="TimeSpan"/> into memcached's TTL token.</summary>
internal static class Ttl
{
    /// <summary>memcached reads TTLs above 30 days as absolute Unix times.</summary>
    private const long MaxRelativeSeconds = 60 * 60 * 24 * 30;

    /// <summary>Seconds for the <c>T</c> flag: 0 = never expires; sub-second TTLs round up to 1 s; over 30 days, an absolute Unix time.</summary>
    public static long ToToken(TimeSpan? ttl, TimeProvider time)
    {
        if (ttl is not { } value || value == TimeSpan.Zero)
        {
            return 0;
        }

        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), value, "A TTL cannot be negative.");
        }

        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        // memcached keeps an expiry time in 32 bits: a later absolute time wraps negative and the item expires at
        // once (the store still answers HD). The latest time it can hold is as good as "never" for a cache.
        return seconds <= MaxRelativeSeconds ? seconds : Math.Min(time.GetUtcNow().ToUnixTimeSeconds() + seconds, int.MaxValue);
    }
}
