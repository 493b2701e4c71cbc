using System.Net;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Sessions.AspNetCore.Tests.Support;

namespace Sessions.AspNetCore.Tests.Middleware;

/// <summary>Cookie flags, and bad, foreign or expired cookies: always a new session, never an error.</summary>
public sealed class CookieTests(SessionSilos silos) : IClassFixture<SessionSilos>, IAsyncLifetime
{
    private TestApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(silos, https: true);
        _http = TestApp.NewHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_cookie_is_HttpOnly_and_SameSite_Lax_and_Secure_only_over_HTTPS()
    {
        var overHttp = new CookieSession(_http, _app.Http);
        await overHttp.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        string plain = Assert.Single(overHttp.LastSetCookies).ToLowerInvariant();
        Assert.Contains("httponly", plain);
        Assert.Contains("samesite=lax", plain);
        Assert.DoesNotContain("secure", plain);

        var overHttps = new CookieSession(_http, _app.Https!);
        await overHttps.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        string secure = Assert.Single(overHttps.LastSetCookies).ToLowerInvariant();
        Assert.Contains("httponly", secure);
        Assert.Contains("samesite=lax", secure);
        Assert.Contains("secure", secure);

        // The cookie this store writes itself (after a regenerate) has the same flags.
        await overHttps.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/regenerate");
        string regenerated = Assert.Single(overHttps.LastSetCookies).ToLowerInvariant();
        Assert.Contains("httponly", regenerated);
        Assert.Contains("samesite=lax", regenerated);
        Assert.Contains("secure", regenerated);
    }

    [Fact]
    public async Task No_cookie_is_sent_until_the_session_is_written()
    {
        var browser = new CookieSession(_http, _app.Http);
        using HttpResponseMessage read = await browser.GetAsync("/read/a");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Empty(browser.LastSetCookies);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%%%not-base64%%%")]
    [InlineData("")]
    public async Task A_bad_cookie_starts_a_new_session(string badCookie)
    {
        var browser = new CookieSession(_http, _app.Http) { Cookie = badCookie };
        SessionView empty = await browser.ViewAsync();
        Assert.True(empty.Available);
        Assert.Empty(empty.Values);

        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        Assert.NotEqual(badCookie, browser.Cookie);
        Assert.Equal("1", (await browser.ViewAsync()).Values["a"]);
    }

    [Fact]
    public async Task A_cookie_protected_by_another_key_ring_starts_a_new_session()
    {
        // A well-formed session cookie from another deployment: the same format, another key ring.
        IDataProtector foreign = DataProtectionProvider.Create("another-app").CreateProtector("SessionMiddleware");
        string foreignCookie = Convert.ToBase64String(foreign.Protect(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString()))).TrimEnd('=');

        var browser = new CookieSession(_http, _app.Http) { Cookie = foreignCookie };
        Assert.Empty((await browser.ViewAsync()).Values);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        Assert.NotEqual(foreignCookie, browser.Cookie);
        Assert.Equal("1", (await browser.ViewAsync()).Values["a"]);
    }

    [Fact]
    public async Task A_cookie_of_an_ended_session_starts_a_new_session_under_a_new_id_instead_of_reviving_the_old_one()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView old = await browser.ViewAsync();
        string oldCookie = browser.Cookie!;

        // The session ends behind the browser's back (expiry, logout elsewhere).
        await silos.Sessions.InvalidateAsync(old.GrainKey);

        SessionView seen = await browser.ViewAsync();
        Assert.Empty(seen.Values);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "2");
        Assert.NotEqual(oldCookie, browser.Cookie);

        SessionView fresh = await browser.ViewAsync();
        Assert.NotEqual(old.GrainKey, fresh.GrainKey);
        Assert.Equal(["b"], fresh.Values.Keys);
        Assert.Null(await silos.Sessions.LoadAsync(old.GrainKey));
    }
}
