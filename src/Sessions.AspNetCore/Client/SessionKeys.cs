using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sessions.AspNetCore.Client;

/// <summary>
/// Session keys (what the cookie protects) and grain keys (what the cluster sees). A grain is keyed by the
/// SHA-256 of the session key, so grain ids that Orleans logs, dashboards and memcached keys show can
/// never be turned back into a session key, let alone a cookie.
/// </summary>
internal static class SessionKeys
{
    /// <summary>ASP.NET Core's SessionMiddleware accepts keys of exactly this length (a GUID string).</summary>
    public const int Length = 36;

    /// <summary>A new session key in SessionMiddleware's format: 16 CSPRNG bytes as a GUID string.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>The grain key of a session key: base64url(SHA-256(UTF-8 key)), 43 characters (<see cref="SessionIds.IsWellFormed"/>).</summary>
    public static string ToGrainKey(string sessionKey)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(sessionKey.Length)];
        int length = Encoding.UTF8.GetBytes(sessionKey, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return Base64Url.EncodeToString(hash);
    }
}
