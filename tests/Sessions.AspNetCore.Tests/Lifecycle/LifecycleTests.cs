using System.Net;
using System.Net.Http.Json;
using Sessions.AspNetCore.Tests.Support;

namespace Sessions.AspNetCore.Tests.Lifecycle;

/// <summary>Regenerate id after sign-in, bind to a user, invalidate, log out everywhere — through HttpContext.Session.</summary>
public sealed class LifecycleTests(SessionSilos silos) : IClassFixture<SessionSilos>, IAsyncLifetime
{
    private TestApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(silos);
        _http = TestApp.NewHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Regenerate_moves_the_contents_to_a_new_id_and_cookie_and_the_old_cookie_is_dead()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/cart", "tea");
        SessionView before = await browser.ViewAsync();
        string oldCookie = browser.Cookie!;

        using (HttpResponseMessage response = await browser.PostAsync("/regenerate"))
        {
            string[] ids = (await response.Content.ReadFromJsonAsync<string[]>())!;
            Assert.Equal(before.Id, ids[0]);
            Assert.NotEqual(ids[0], ids[1]);
        }

        Assert.NotEqual(oldCookie, browser.Cookie);
        SessionView after = await browser.ViewAsync();
        Assert.NotEqual(before.GrainKey, after.GrainKey);
        Assert.Equal("tea", after.Values["cart"]);
        Assert.Null(await silos.Sessions.LoadAsync(before.GrainKey));

        // Whoever still holds the old cookie (a planted one) sees nothing and cannot write into the new session.
        var attacker = new CookieSession(_http, _app.Http) { Cookie = oldCookie };
        Assert.Empty((await attacker.ViewAsync()).Values);
        await attacker.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/evil", "1");
        Assert.False((await browser.ViewAsync()).Values.ContainsKey("evil"));
    }

    [Fact]
    public async Task Changes_made_before_a_regenerate_in_the_same_request_move_with_it()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");

        // A brand-new session (first request) keeps its fresh id: no client has seen it.
        var newcomer = new CookieSession(_http, _app.Http);
        using (HttpResponseMessage response = await newcomer.PostAsync("/regenerate"))
        {
            string[] ids = (await response.Content.ReadFromJsonAsync<string[]>())!;
            Assert.Equal(ids[0], ids[1]);
        }

        await browser.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/regenerate");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "2");
        Assert.Equal(["a", "b"], (await browser.ViewAsync()).Values.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Invalidate_ends_the_session_everywhere_and_removes_the_cookie()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();
        string oldCookie = browser.Cookie!;

        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/invalidate");
        Assert.Contains(browser.LastSetCookies, c => c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Null(browser.Cookie);
        Assert.Null(await silos.Sessions.LoadAsync(before.GrainKey));

        var stale = new CookieSession(_http, _app.Http) { Cookie = oldCookie };
        Assert.Empty((await stale.ViewAsync()).Values);
    }

    [Fact]
    public async Task Log_out_everywhere_ends_every_session_of_the_bound_user_and_no_other()
    {
        string user = $"user-{Guid.NewGuid():N}";
        var laptop = new CookieSession(_http, _app.Http);
        var phone = new CookieSession(_http, _app.Http);
        var someoneElse = new CookieSession(_http, _app.Http);
        foreach (CookieSession device in new[] { laptop, phone, someoneElse })
        {
            await device.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        }

        await laptop.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/bind/{user}");
        await phone.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/bind/{user}");
        Assert.Equal(user, (await phone.ViewAsync()).UserId);
        Assert.Equal(2, (await silos.Sessions.ListUserSessionsAsync(user)).Count);

        using (HttpResponseMessage response = await phone.PostAsync("/logout-everywhere"))
        {
            Assert.Equal("2", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty((await laptop.ViewAsync()).Values);
        Assert.Empty((await phone.ViewAsync()).Values);
        Assert.Equal("1", (await someoneElse.ViewAsync()).Values["a"]);
        Assert.Empty(await silos.Sessions.ListUserSessionsAsync(user));
    }

    [Fact]
    public async Task Binding_a_brand_new_session_creates_it_and_sends_its_cookie()
    {
        string user = $"user-{Guid.NewGuid():N}";
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/bind/{user}");
        Assert.NotNull(browser.Cookie);
        SessionView view = await browser.ViewAsync();
        Assert.Equal(user, view.UserId);
        Assert.Equal(view.Id, Assert.Single(await silos.Sessions.ListUserSessionsAsync(user)).Handle);
    }
    [Fact]
    public async Task A_request_still_running_when_another_logs_out_does_not_bring_the_session_back()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();

        // Tab 2 has loaded the session and is still working when tab 1 logs out.
        var tab2 = new CookieSession(_http, _app.Http) { Cookie = browser.Cookie };
        string gate = Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> slow = tab2.PutAsync($"/gated/{gate}/late", string.Empty);
        await RequestGates.WaitEnteredAsync(gate);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/invalidate");
        RequestGates.Open(gate);
        using (HttpResponseMessage response = await slow)
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        SessionSnapshot? revived = await silos.Sessions.LoadAsync(before.GrainKey);
        Assert.True(revived is null, $"the invalidated id is live again: version {revived?.Version}, keys [{string.Join(",", revived?.Values.Keys ?? [])}]");
    }

    [Fact]
    public async Task A_request_still_running_on_the_old_id_after_a_regenerate_does_not_revive_it()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        string oldCookie = browser.Cookie!;

        var tab2 = new CookieSession(_http, _app.Http) { Cookie = oldCookie };
        string gate = Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> slow = tab2.PutAsync($"/gated/{gate}/late", string.Empty);
        await RequestGates.WaitEnteredAsync(gate);
        await browser.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/regenerate");
        RequestGates.Open(gate);
        (await slow).Dispose();

        // Whoever holds the old (perhaps planted) id reads nothing under it; the signed-in session is as it was.
        var attacker = new CookieSession(_http, _app.Http) { Cookie = oldCookie };
        Assert.Empty((await attacker.ViewAsync()).Values);
        SessionView after = await browser.ViewAsync();
        Assert.Equal(["a"], after.Values.Keys);
    }
}
