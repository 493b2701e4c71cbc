using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Memcached.Protocol;

/// <summary>
/// Validates caller keys and writes them as meta-protocol key tokens. A key that is printable ASCII
/// without spaces goes on the wire as it is; any other key is base64-encoded and sent with the
/// <c>b</c> flag, so no caller input can ever inject protocol text.
/// </summary>
internal static class KeyEncoder
{
    /// <summary>memcached's key length limit (it applies to the base64 token too).</summary>
    public const int MaxKeyLength = 250;

    /// <summary>The longest raw key that still fits the limit once base64-encoded.</summary>
    public const int MaxBinaryKeyLength = MaxKeyLength / 4 * 3;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks <paramref name="key"/> and tells whether it must be sent base64-encoded.</summary>
    /// <exception cref="ArgumentException">The key is empty, too long or not well-formed UTF-16.</exception>
    public static bool RequiresBase64(string key, bool allowBase64)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("A memcached key cannot be empty.", nameof(key));
        }

        var plain = key.Length <= MaxKeyLength && IsPlain(key);
        if (plain)
        {
            return false;
        }

        if (!allowBase64)
        {
            throw new ArgumentException(
                $"The memcached key is not 1-{MaxKeyLength} printable ASCII characters without spaces, and base64 keys are disabled (MemcachedClientOptions.KeyEncoding).",
                nameof(key));
        }

        if (Utf8Length(key) > MaxBinaryKeyLength)
        {
            throw new ArgumentException(
                $"The memcached key is longer than {MaxBinaryKeyLength} UTF-8 bytes, the most that fits memcached's {MaxKeyLength}-byte key limit once base64-encoded.",
                nameof(key));
        }

        return true;
    }

    /// <summary>The UTF-8 length of <paramref name="key"/>, which must be well-formed UTF-16.</summary>
    /// <exception cref="ArgumentException">The key has an unpaired surrogate.</exception>
    /// <remarks><see cref="Encoding.UTF8"/> would turn every unpaired surrogate into U+FFFD: different keys, one item.</remarks>
    public static int Utf8Length(string key)
    {
        try
        {
            return StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("The memcached key is not well-formed UTF-16: it has an unpaired surrogate.", nameof(key));
        }
    }

    /// <summary>Writes the key token (plain or base64) to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, string key, bool base64)
    {
        if (!base64)
        {
            var span = writer.GetSpan(key.Length);
            for (var i = 0; i < key.Length; i++)
            {
                span[i] = (byte)key[i];
            }

            writer.Advance(key.Length);
            return;
        }

        Span<byte> raw = stackalloc byte[MaxBinaryKeyLength];
        var length = Encoding.UTF8.GetBytes(key, raw);
        var target = writer.GetSpan(Base64.GetMaxEncodedToUtf8Length(length));
        Base64.EncodeToUtf8(raw[..length], target, out _, out var written);
        writer.Advance(written);
    }

    private static bool IsPlain(string key)
    {
        foreach (var c in key)
        {
            if (c is <= ' ' or >= (char)0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
