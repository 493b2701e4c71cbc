using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Storage;

/// <summary>
/// Maps (state name, grain id) to memcached keys. The logical key is <c>&lt;state&gt;/&lt;grain id&gt;</c>;
/// the memcached key is the prefix plus that, or — when it would not fit memcached's key limit —
/// the prefix plus <c>#</c> and a SHA-256 of it. Non-ASCII keys are sent base64-encoded by the client.
/// Chunks of a large state are <c>&lt;prefix&gt;~&lt;20 characters of the SHA-256 of the logical key&gt;.&lt;write id&gt;.&lt;index&gt;</c>
/// (hex): specific to one write, so a reader never mixes two versions.
/// </summary>
internal sealed class StateKeys(string prefix)
{
    /// <summary>Longest key (UTF-8 bytes) the client accepts for any content, base64 included.</summary>
    private const int MaxKeyBytes = 187;

    public string Prefix { get; } = prefix;

    public static string Logical(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

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
    public static bool IsUsablePrefix(string prefix) => Encoding.UTF8.GetByteCount(prefix) <= MaxKeyBytes - 44;
}
