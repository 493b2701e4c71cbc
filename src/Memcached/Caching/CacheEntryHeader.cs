using System.Buffers.Binary;

namespace Memcached.Caching;

/// <summary>
/// The 20-byte header in front of every cached value: a magic tag and version, the absolute
/// expiration (Unix milliseconds, 0 = none) and the sliding window (milliseconds, 0 = none).
/// Keeping the window in the item lets a read refresh it with a touch instead of a rewrite.
/// </summary>
internal readonly record struct CacheEntryHeader(long AbsoluteExpirationUnixMs, long SlidingMs)
{
    public const int Size = 20;
    private const uint Magic = 0x4D444301; // "MDC" + format version 1

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], AbsoluteExpirationUnixMs);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], SlidingMs);
    }

    /// <summary>Reads a header; <see langword="false"/> for a value this cache did not write.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out CacheEntryHeader header)
    {
        header = default;
        if (source.Length < Size || BinaryPrimitives.ReadUInt32BigEndian(source) != Magic)
        {
            return false;
        }

        header = new CacheEntryHeader(BinaryPrimitives.ReadInt64LittleEndian(source[4..]), BinaryPrimitives.ReadInt64LittleEndian(source[12..]));
        return header.AbsoluteExpirationUnixMs >= 0 && header.SlidingMs >= 0;
    }

    /// <summary>The memcached TTL that keeps the entry alive for its sliding window, never past its absolute expiration.</summary>
    public TimeSpan? TtlFrom(DateTimeOffset now)
    {
        TimeSpan? ttl = SlidingMs > 0 ? TimeSpan.FromMilliseconds(SlidingMs) : null;
        if (AbsoluteExpirationUnixMs > 0)
        {
            var untilAbsolute = DateTimeOffset.FromUnixTimeMilliseconds(AbsoluteExpirationUnixMs) - now;
            ttl = ttl is { } sliding && sliding < untilAbsolute ? sliding : untilAbsolute;
        }

        return ttl;
    }

    public bool IsExpired(DateTimeOffset now) => AbsoluteExpirationUnixMs > 0 && now.ToUnixTimeMilliseconds() >= AbsoluteExpirationUnixMs;
}
