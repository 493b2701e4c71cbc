using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Storage;

/// <summary>
/// Maps (state name, grain id) to memcached keys. The logical key is <c>&lt;state&gt;/&lt;grain type&gt;/&lt;grain key&gt;</c>;
/// the memcached key is the prefix plus that, or — when it would not fit memcached's key limit —
/// the prefix plus <c>#</c> and a SHA-256 of it. Non-ASCII keys are sent base64-encoded by the client.
/// Chunks of a large state are <c>&lt;prefix&gt;~&lt;20 characters of the SHA-256 of the logical key&gt;.&lt;write id&gt;.&lt;index&gt;</c>
/// (hex): specific to one write, so a reader never mixes two versions.
/// </summary>
internal sealed class StateKeys(string prefix)
{
    /// <summary>Longest key (UTF-8 bytes) the client accepts for any content, base64 included: 250 / 4 * 3 (a 187-byte key is 252 base64 characters).</summary>
    private const int MaxKeyBytes = 186;

    /// <summary>Longest usable key prefix (UTF-8 bytes): a hashed key is the prefix, <c>#</c> and 43 characters.</summary>
    public const int MaxPrefixBytes = MaxKeyBytes - 44;

    public string Prefix { get; } = prefix;

    /// <remarks>
    /// The state name and the grain type have '%' and '/' escaped, so that only the grain key (the last part) can hold a
    /// '/': otherwise state "a/b" of grain "c/d" and state "a" of grain "b/c/d" would share one record. Names without
    /// either character (all usual ones) appear as they are.
    /// </remarks>
    public static string Logical(string stateName, GrainId grainId) => $"{Escape(stateName)}/{Escape(grainId.Type.ToString()!)}/{grainId.Key}";

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('/', '%') < 0 ? part : part.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);

    public string Memcached(string logicalKey)
    {
        var full = Prefix + logicalKey;
        if (Encoding.UTF8.GetByteCount(full) <= MaxKeyBytes)
        {
            return full;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(logicalKey));
        return $"{Prefix}#{Convert.ToBase64String(hash).TrimEnd('=').Replace('/', '_').Replace('+', '-')}";
    }

    /// <summary>The part of every chunk key of <paramref name="logicalKey"/> before the write id.</summary>
    public string ChunkBase(string logicalKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(logicalKey));
        return $"{Prefix}~{Convert.ToBase64String(hash)[..20].Replace('/', '_').Replace('+', '-')}";
    }

    /// <summary>The key of chunk <paramref name="index"/> of the write <paramref name="writeId"/>.</summary>
    public static string Chunk(string chunkBase, ulong writeId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{chunkBase}.{writeId:x}.{index:x}");

    /// <summary>Checks that keys under <paramref name="prefix"/> can be formed at all.</summary>
    public static bool IsUsablePrefix(string prefix) => Encoding.UTF8.GetByteCount(prefix) <= MaxPrefixBytes;
}
