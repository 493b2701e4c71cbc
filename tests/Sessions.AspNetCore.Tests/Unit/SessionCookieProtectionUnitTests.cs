using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using Sessions.AspNetCore.Store;

namespace Sessions.AspNetCore.Tests.Unit;

/// <summary>The remembering session-cookie protector: same answers as the real one, bad cookies always checked, bounded lifetime.</summary>
public sealed class SessionCookieProtectionUnitTests
{
    [Fact]
    public void A_cookie_is_unprotected_once_then_remembered_for_five_minutes()
    {
        var counting = new CountingProvider(DataProtectionProvider.Create("unit"));
        var clock = new FakeTimeProvider();
        var protection = new SessionCookieProtection(counting, clock);
        IDataProtector protector = protection.CreateProtector("SessionMiddleware");
        byte[] cookie = protector.Protect(Encoding.UTF8.GetBytes("382c74c3-721d-4f34-80e5-57657b6cbc27"));

        Assert.Equal("382c74c3-721d-4f34-80e5-57657b6cbc27", Encoding.UTF8.GetString(protector.Unprotect(cookie)));
        Assert.Equal("382c74c3-721d-4f34-80e5-57657b6cbc27", Encoding.UTF8.GetString(protector.Unprotect(cookie)));
        Assert.Equal(1, counting.Unprotects);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        protector.Unprotect(cookie);
        Assert.Equal(2, counting.Unprotects);
    }

    [Fact]
    public void A_tampered_cookie_is_rejected_every_time_and_other_purposes_are_untouched()
    {
        var counting = new CountingProvider(DataProtectionProvider.Create("unit"));
        var protection = new SessionCookieProtection(counting, new FakeTimeProvider());
        IDataProtector protector = protection.CreateProtector("SessionMiddleware");
        byte[] cookie = protector.Protect(Encoding.UTF8.GetBytes("key"));
        protector.Unprotect(cookie);
        cookie[^1] ^= 0xff;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(cookie));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(cookie));
        Assert.Equal(3, counting.Unprotects);

        IDataProtector other = protection.CreateProtector("Antiforgery");
        byte[] token = other.Protect([1, 2, 3]);
        other.Unprotect(token);
        other.Unprotect(token);
        Assert.Equal(5, counting.Unprotects);
    }

    /// <summary>Counts Unprotect calls reaching the real provider.</summary>
    private sealed class CountingProvider(IDataProtectionProvider real) : IDataProtectionProvider
    {
        public int Unprotects { get; private set; }

        public IDataProtector CreateProtector(string purpose) => new Counting(real.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector real, CountingProvider owner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(real.CreateProtector(purpose), owner);

            public byte[] Protect(byte[] plaintext) => real.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                owner.Unprotects++;
                return real.Unprotect(protectedData);
            }
        }
    }
}
