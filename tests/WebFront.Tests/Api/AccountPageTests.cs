using System.Net;
using System.Text.RegularExpressions;
using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>The sign-in demo through its forms: sign-in moves the session to a new id (cart kept), log out everywhere.</summary>
[Collection(WebCollection.Name)]
public sealed partial class AccountPageTests(WebFrontCluster system)
{
    [Fact]
    public async Task Sign_in_regenerates_the_id_keeps_the_cart_and_log_out_everywhere_ends_every_device()
    {
        string user = $"shopper{Guid.NewGuid():N}"[..20];
        using var laptop = new Browserless();
        using var phone = new Browserless();
        Uri a = system.A.Address;
        Uri b = system.B.Address;

        (await laptop.Http.PutAsync(new Uri(a, "/api/session/cart:tea"), new StringContent("2"))).Dispose();
        string before = laptop.SessionCookie(a)!;
        await AdminApiTests.SignInAsync(laptop, a, user);
        Assert.NotEqual(before, laptop.SessionCookie(a));
        Assert.Equal("2", await laptop.Http.GetStringAsync(new Uri(b, "/api/session/cart:tea")));

        // The old cookie (e.g. planted before sign-in) is dead.
        using (var planted = new Browserless())
        {
            planted.Cookies.Add(a, new Cookie(".AspNetCore.Session", before));
            Assert.Equal("{}", await planted.Http.GetStringAsync(new Uri(a, "/api/session")));
        }

        await AdminApiTests.SignInAsync(phone, b, user);
        string account = await laptop.Http.GetStringAsync(new Uri(b, "/account"));
        Assert.Contains(user, account);
        Assert.Equal(2, UserSessionRow().Matches(account).Count);

        string token = AntiforgeryToken().Match(account).Groups[1].Value;
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))
        using (HttpResponseMessage response = await laptop.Http.PostAsync(new Uri(b, "/account?handler=SignOutEverywhere"), form))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("loggedOut=2", response.Headers.Location!.ToString());
        }

        Assert.DoesNotContain("Signed in as", await phone.Http.GetStringAsync(new Uri(a, "/account")));
        Assert.Equal("{}", await phone.Http.GetStringAsync(new Uri(a, "/api/session")));
        Assert.Equal("{}", await laptop.Http.GetStringAsync(new Uri(a, "/api/session")));
    }

    [GeneratedRegex("data-testid=\"user-session\"")]
    private static partial Regex UserSessionRow();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
