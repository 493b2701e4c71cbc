using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>The admin API: 401 without the key, list and invalidate a user's sessions, statistics, bad input.</summary>
[Collection(WebCollection.Name)]
public sealed class AdminApiTests(WebFrontCluster system)
{
    [Theory]
    [InlineData("GET", "/admin/stats", null)]
    [InlineData("GET", "/admin/users/alice/sessions", null)]
    [InlineData("DELETE", "/admin/users/alice/sessions", null)]
    [InlineData("GET", "/admin/stats", "wrong-key-0123456789")]
    [InlineData("DELETE", "/admin/users/alice/sessions", "")]
    public async Task Without_the_right_key_every_admin_call_is_401(string method, string path, string? key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(system.A.Address, path));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_admin_lists_and_invalidates_a_users_sessions_on_any_front_end()
    {
        string user = $"admin-test-{Guid.NewGuid():N}";
        using var laptop = new Browserless();
        using var phone = new Browserless();
        foreach (Browserless device in new[] { laptop, phone })
        {
            await SignInAsync(device, system.A.Address, user);
            (await device.Http.PutAsync(new Uri(system.A.Address, "/api/session/cart:tea"), new StringContent("x"))).Dispose();
        }

        using HttpClient admin = AdminClient();
        using (JsonDocument listed = JsonDocument.Parse(await admin.GetStringAsync(new Uri(system.B.Address, $"/admin/users/{user}/sessions"))))
        {
            Assert.Equal(user, listed.RootElement.GetProperty("userId").GetString());
            JsonElement sessions = listed.RootElement.GetProperty("sessions");
            Assert.Equal(2, sessions.GetArrayLength());
            Assert.All(sessions.EnumerateArray(), s => Assert.Equal(16, s.GetProperty("handle").GetString()!.Length));
        }

        using (HttpResponseMessage invalidated = await admin.DeleteAsync(new Uri(system.B.Address, $"/admin/users/{user}/sessions")))
        {
            Assert.Equal(HttpStatusCode.OK, invalidated.StatusCode);
            Assert.Equal(2, (await invalidated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invalidated").GetInt32());
        }

        Assert.Equal("{}", await laptop.Http.GetStringAsync(new Uri(system.A.Address, "/api/session")));
        Assert.Equal("{}", await phone.Http.GetStringAsync(new Uri(system.B.Address, "/api/session")));
        using JsonDocument empty = JsonDocument.Parse(await admin.GetStringAsync(new Uri(system.A.Address, $"/admin/users/{user}/sessions")));
        Assert.Equal(0, empty.RootElement.GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task Statistics_count_active_sessions_per_silo()
    {
        using var visitor = new Browserless();
        (await visitor.Http.PutAsync(new Uri(system.A.Address, "/api/session/x"), new StringContent("1"))).Dispose();

        using HttpClient admin = AdminClient();
        using JsonDocument stats = JsonDocument.Parse(await admin.GetStringAsync(new Uri(system.A.Address, "/admin/stats")));
        JsonElement silos = stats.RootElement.GetProperty("silos");
        Assert.Equal(system.Silos.Count(s => !s.HasExited), silos.GetArrayLength());
        int total = stats.RootElement.GetProperty("activeSessions").GetInt32();
        Assert.True(total >= 1, $"{total} active sessions");
        Assert.Equal(total, silos.EnumerateArray().Sum(s => s.GetProperty("activeSessions").GetInt32()));
    }

    [Fact]
    public async Task A_bad_user_id_is_400()
    {
        using HttpClient admin = AdminClient();
        using HttpResponseMessage response = await admin.GetAsync(new Uri(system.A.Address, $"/admin/users/{new string('u', 200)}/sessions"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("user id", await response.Content.ReadAsStringAsync());
    }

    private static HttpClient AdminClient()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", WebFrontCluster.AdminKey);
        return http;
    }

    /// <summary>Signs in through the account page's form, as a browser would (antiforgery token included).</summary>
    internal static async Task SignInAsync(Browserless browser, Uri front, string user)
    {
        string page = await browser.Http.GetStringAsync(new Uri(front, "/account"));
        string token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = user, ["__RequestVerificationToken"] = token });
        using HttpResponseMessage response = await browser.Http.PostAsync(new Uri(front, "/account?handler=SignIn"), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
