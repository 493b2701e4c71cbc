using System.Globalization;
using System.Net;

namespace Drill.Workload;

internal sealed partial class VirtualUser
{
    private const int MaxQuantity = 99; // WebFront's Cart.MaxQuantity

    /// <summary>A form post on the shop page (Add, Quantity, Remove), then the page it redirects to.</summary>
    private async Task ChangeCartAsync(string handler, string sku, int? quantity)
    {
        var (ok, key, value) = await PostCartAsync(handler, sku, quantity, NextFront());
        Record(ok, key, value);
        await ReadPageAsync();
    }

    /// <summary>Posts one change; returns whether it was acknowledged and the key and value the session then holds.</summary>
    private async Task<(bool Ok, string Key, string? Value)> PostCartAsync(string handler, string sku, int? quantity, int front)
    {
        var fields = new Dictionary<string, string> { ["sku"] = sku, ["__RequestVerificationToken"] = _formToken! };
        if (quantity is { } q)
        {
            fields["quantity"] = q.ToString(CultureInfo.InvariantCulture);
        }

        var after = handler switch
        {
            "Add" => Math.Min(CartQuantity(sku) + 1, MaxQuantity),
            "Quantity" => quantity!.Value,
            _ => 0,
        };
        using var form = new FormUrlEncodedContent(fields);
        var response = await _site.SendAsync(_recorder, _jar, front, HttpMethod.Post, $"/?handler={handler}", form, HttpStatusCode.Redirect, $"POST {handler}");
        return (response.Ok, SiteParser.CartPrefix + sku, QuantityValue(after));
    }

    private async Task EmptyCartAsync()
    {
        var keys = _expected.KeysWith(SiteParser.CartPrefix).ToList();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = _formToken! });
        var response = await _site.SendAsync(_recorder, _jar, NextFront(), HttpMethod.Post, "/?handler=Empty", form, HttpStatusCode.Redirect, "POST Empty");
        keys.ForEach(key => Record(response.Ok, key, null));
        await ReadPageAsync();
    }

    /// <summary>
    /// Two tabs: two products added at the same moment through two front-ends. Each request commits only its own
    /// key, so both must be in the cart afterwards (no lost update). Only once the session exists: two first
    /// requests would each start a session of their own, as two new browser tabs without a cookie would.
    /// </summary>
    private async Task TwoTabsAsync()
    {
        if (_jar.Get(CookieJar.SessionCookie) is null)
        {
            await ChangeCartAsync("Add", Pick(), null);
            return;
        }

        var skus = SiteParser.Skus;
        var i = _random.Next(skus.Length);
        var j = (i + 1 + _random.Next(skus.Length - 1)) % skus.Length;
        var results = await Task.WhenAll(PostCartAsync("Add", skus[i], null, NextFront()), PostCartAsync("Add", skus[j], null, NextFront()));
        foreach (var (ok, key, value) in results)
        {
            Record(ok, key, value);
        }

        await ReadPageAsync();
    }
}
