using Drill.Workload;

namespace Drill.Tests;

public sealed class SiteParserUnitTests
{
    [Fact]
    public void The_shop_page_gives_the_cart_and_the_form_token()
    {
        const string html = """
            <form method="post"><input type="hidden" name="sku" value="tea" /><input name="__RequestVerificationToken" type="hidden" value="CfDJ8abc-_x" /></form>
            <tr data-testid="cart-line" data-sku="tea" data-quantity="3"><td>Green tea</td></tr>
            <tr data-testid="cart-line" data-sku="kettle" data-quantity="12"><td>Gooseneck kettle</td></tr>
            """;

        Assert.Equal(new Dictionary<string, string> { ["cart:tea"] = "3", ["cart:kettle"] = "12" }, SiteParser.Cart(html));
        Assert.Equal("CfDJ8abc-_x", SiteParser.FormToken(html));
        Assert.Empty(SiteParser.Cart("<p data-testid=\"cart-empty\">Your cart is empty.</p>"));
    }

    [Fact]
    public void The_session_api_gives_cart_quantities_and_text_values()
    {
        const string json = """{"cart:tea":"\u0000\u0000\u0000\u0005","other":"x","pref:0":"v12","pref:1":{"base64":"/w=="}}""";

        var session = SiteParser.Session(json);

        Assert.Equal("5", session["cart:tea"]);
        Assert.Equal("v12", session["pref:0"]);
        Assert.True(session.ContainsKey("pref:1"));
        Assert.False(session.ContainsKey("other"));
    }

    [Fact]
    public void The_cookie_jar_keeps_set_cookies_and_drops_expired_ones()
    {
        var jar = new CookieJar();
        using var first = new HttpResponseMessage();
        first.Headers.TryAddWithoutValidation("Set-Cookie", [".AspNetCore.Session=abc; path=/; samesite=lax; httponly", "af=1; path=/"]);
        jar.Absorb(first);
        using var second = new HttpResponseMessage();
        second.Headers.TryAddWithoutValidation("Set-Cookie", ".AspNetCore.Session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/");
        jar.Absorb(second);

        Assert.Null(jar.Get(CookieJar.SessionCookie));
        Assert.Equal("af=1", jar.Header);
    }
}
