using System.Security.Cryptography;
using System.Text;

namespace Orleans.Storage;

/// <summary>
/// Maps (state name, grain id) to memcached keys. The logical key is <c>&lt;state&gt;/&lt;grain id&gt;</c>;
/// the memcached key is the prefix plus that, or — when it would not fit memcached's key limit —
/// the prefix plus <c>#</c> and a SHA-256 of it. Non-ASCII keys are sent base64-encoded by the client.
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

    /// <summary>Checks that keys under <paramref name="prefix"/> can be formed at all.</summary>
    public static bool IsUsablePrefix(string prefix) => Encoding.UTF8.GetByteCount(prefix) <= MaxKeyBytes - 44;
}
