using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;

namespace Sessions.AspNetCore.Store;

/// <summary>
/// The data-protection provider with one change: the protector of SessionMiddleware's purpose remembers what it
/// unprotected. Unprotecting a session cookie (AES-CBC + HMAC, tens of microseconds) otherwise runs twice on every
/// request (once here to load before the app, once in SessionMiddleware) and was the largest CPU cost of a session
/// read. Only successful results are kept (a bad cookie costs a full check every time), for at most five minutes
/// (a revoked key stops being honoured within that time), and at most 50,000 cookies per process.
/// </summary>
internal sealed class SessionCookieProtection(IDataProtectionProvider inner, TimeProvider time) : IDataProtectionProvider
{
    private readonly Lazy<IDataProtector> _sessionProtector = new(() => new RememberingProtector(inner.CreateProtector(SessionCookies.Purpose), time));

    public IDataProtector CreateProtector(string purpose) =>
        string.Equals(purpose, SessionCookies.Purpose, StringComparison.Ordinal) ? _sessionProtector.Value : inner.CreateProtector(purpose);

    private sealed class RememberingProtector(IDataProtector inner, TimeProvider time) : IDataProtector
    {
        private const int MaxEntries = 50_000;
        private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(5);
        private readonly ConcurrentDictionary<byte[], Remembered> _remembered = new(ContentComparer.Instance);

        public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            DateTimeOffset now = time.GetUtcNow();
            if (_remembered.TryGetValue(protectedData, out Remembered? hit) && hit.Until > now)
            {
                return hit.Plaintext.AsSpan().ToArray();
            }

            byte[] plaintext = inner.Unprotect(protectedData);
            if (_remembered.Count >= MaxEntries)
            {
                _remembered.Clear();
            }

            _remembered[protectedData.AsSpan().ToArray()] = new Remembered(plaintext.AsSpan().ToArray(), now + s_lifetime);
            return plaintext;
        }

        private sealed record Remembered(byte[] Plaintext, DateTimeOffset Until);

        /// <summary>Compares protected cookies by content (no string per lookup).</summary>
        private sealed class ContentComparer : IEqualityComparer<byte[]>
        {
            public static ContentComparer Instance { get; } = new();

            public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(byte[] obj)
            {
                HashCode hash = default;
                hash.AddBytes(obj);
                return hash.ToHashCode();
            }
        }
    }
}
