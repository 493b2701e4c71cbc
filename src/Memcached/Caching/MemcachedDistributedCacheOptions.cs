using System.Globalization;
using Memcached.Protocol;

namespace Memcached.Caching;

/// <summary>Options of <see cref="MemcachedDistributedCache"/>.</summary>
public sealed class MemcachedDistributedCacheOptions
{
    /// <summary>The longest <see cref="KeyPrefix"/>: a key too long for memcached is stored as the prefix, <c>sha256:</c> and 44 base64 characters.</summary>
    public const int MaxKeyPrefixBytes = KeyEncoder.MaxBinaryKeyLength - 7 - 44;

    internal static readonly string PrefixRule = string.Create(CultureInfo.InvariantCulture,
        $"MemcachedDistributedCacheOptions.KeyPrefix must be well-formed UTF-16 of at most {MaxKeyPrefixBytes} UTF-8 bytes (a key too long for memcached is stored under the prefix and a SHA-256 of the key).");

    /// <summary>Prepended to every cache key, to share servers between applications. Default: none. At most <see cref="MaxKeyPrefixBytes"/> UTF-8 bytes.</summary>
    public string KeyPrefix { get; set; } = string.Empty;

    internal static bool IsUsablePrefix(string? prefix)
    {
        try
        {
            return KeyEncoder.Utf8Length(prefix ?? string.Empty) <= MaxKeyPrefixBytes;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
