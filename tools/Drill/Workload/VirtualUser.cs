using System.Globalization;
using System.Net;
using System.Text;

namespace Drill.Workload;

/// <summary>
/// One shopper with a cookie jar of its own, going round-robin over the front-ends: it reads the shop page and its
/// session, adds to the cart, changes quantities, removes, empties, writes and deletes values through the JSON API,
/// and sometimes fires two changes at once (two tabs). Every read is verified against what it wrote; every change
/// is followed by a read, as a browser follows the redirect after a form post.
/// </summary>
internal sealed partial class VirtualUser
{
    private readonly SiteClient _site;
    private readonly Recorder _recorder;
    private readonly Random _random;
    private readonly CookieJar _jar = new();
    private readonly ExpectedSession _expected = new();
    private int _turn;
    private string? _formToken;

    public VirtualUser(int id, SiteClient site, Recorder recorder)
    {
        _site = site;
        _recorder = recorder;
        _random = new Random(id);
        _turn = id;
    }

    /// <summary>Runs steps until <paramref name="stop"/>, pausing <paramref name="thinkMs"/> (min, max) between them; a step in flight finishes.</summary>
    public async Task RunAsync((int Min, int Max) thinkMs, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await StepAsync();
            await Task.Delay(_random.Next(thinkMs.Min, thinkMs.Max + 1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads the whole session once more and verifies it (the end of a drill), recording into <paramref name="recorder"/>.</summary>
    public async Task VerifyFinallyAsync(Recorder recorder)
    {
        var response = await _site.SendAsync(recorder, _jar, NextFront(), HttpMethod.Get, "/api/session", null, HttpStatusCode.OK, "final read");
        if (response.Ok && _expected.Verify(SiteParser.Session(response.Body), _ => true) is { } mismatch)
        {
            recorder.Failed(mismatch);
        }
    }

    private Task StepAsync()
    {
        if (_formToken is null)
        {
            return ReadPageAsync();
        }

        if (_expected.IsUncertain)
        {
            return ReadSessionAsync(); // settle what an errored write did before writing again
        }

        var roll = _random.Next(100);
        return roll switch
        {
            < 28 => ReadPageAsync(),
            < 50 => ChangeCartAsync("Add", Pick(), null),
            < 58 => ChangeCartAsync("Quantity", Pick(), _random.Next(0, 6)),
            < 62 => ChangeCartAsync("Remove", Pick(), null),
            < 63 => EmptyCartAsync(),
            < 78 => PutValueAsync(),
            < 81 => DeleteValueAsync(),
            < 91 => ReadSessionAsync(),
            _ => TwoTabsAsync(),
        };
    }

    private string Pick() => SiteParser.Skus[_random.Next(SiteParser.Skus.Length)];

    private int NextFront() => _turn++ % _site.Fronts;

    private int CartQuantity(string sku) =>
        _expected.Current(SiteParser.CartPrefix + sku) is { } q ? int.Parse(q, CultureInfo.InvariantCulture) : 0;

    private static string? QuantityValue(int quantity) => quantity > 0 ? quantity.ToString(CultureInfo.InvariantCulture) : null;

    private async Task ReadPageAsync()
    {
        var response = await _site.SendAsync(_recorder, _jar, NextFront(), HttpMethod.Get, "/", null, HttpStatusCode.OK, "GET /");
        if (!response.Ok)
        {
            return;
        }

        _formToken = SiteParser.FormToken(response.Body) ?? _formToken;
        Check(_expected.Verify(SiteParser.Cart(response.Body), key => key.StartsWith(SiteParser.CartPrefix, StringComparison.Ordinal)));
    }

    private async Task ReadSessionAsync()
    {
        var response = await _site.SendAsync(_recorder, _jar, NextFront(), HttpMethod.Get, "/api/session", null, HttpStatusCode.OK, "GET /api/session");
        if (response.Ok)
        {
            Check(_expected.Verify(SiteParser.Session(response.Body), _ => true));
        }
    }

    private void Check(Mismatch? mismatch)
    {
        if (mismatch is not null)
        {
            _recorder.Failed(mismatch);
        }
    }

    private async Task PutValueAsync()
    {
        var key = SiteParser.PrefPrefix + _random.Next(4).ToString(CultureInfo.InvariantCulture);
        var value = $"v{_random.Next(1_000_000)}";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
        var response = await _site.SendAsync(_recorder, _jar, NextFront(), HttpMethod.Put, "/api/session/" + key, content, HttpStatusCode.NoContent, "PUT /api/session/{key}");
        Record(response.Ok, key, value);
        await ReadSessionAsync();
    }

    private async Task DeleteValueAsync()
    {
        var key = SiteParser.PrefPrefix + _random.Next(4).ToString(CultureInfo.InvariantCulture);
        var response = await _site.SendAsync(_recorder, _jar, NextFront(), HttpMethod.Delete, "/api/session/" + key, null, HttpStatusCode.NoContent, "DELETE /api/session/{key}");
        Record(response.Ok, key, null);
        await ReadSessionAsync();
    }

    private void Record(bool acknowledged, string key, string? value)
    {
        if (acknowledged)
        {
            _expected.Acknowledged(key, value);
        }
        else
        {
            _expected.Unknown(key, value);
        }
    }
}
