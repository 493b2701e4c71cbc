using System.Security.Cryptography;
using System.Text;

namespace Sessions;

/// <summary>Session ids: 256 bits from a CSPRNG, as 43 URL-safe base64 characters.</summary>
public static class SessionIds
{
    /// <summary>The length of a session id.</summary>
    public const int Length = 43;

    private const int RandomBytes = 32;

    /// <summary>A new session id.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="id"/> has the form of an id from <see cref="Create"/> (it may still not exist).</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: Length })
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short, non-reversible handle of a session id, safe to show in admin pages and logs.</summary>
    public static string Handle(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(id), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
