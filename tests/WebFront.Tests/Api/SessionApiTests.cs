using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>The HTTP session API on the caller's own cookie: happy paths and bad input.</summary>
[Collection(WebCollection.Name)]
public sealed class SessionApiTests(WebFrontCluster system)
{
    [Fact]
    public async Task A_key_that_looks_like_a_file_name_is_a_session_key_not_a_static_file()
    {
        using var client = new Browserless();
        Uri a = system.A.Address;
        using (HttpResponseMessage put = await client.Http.PutAsync(new Uri(a, "/api/session/notes.txt"), new StringContent("hello", Encoding.UTF8)))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Equal("hello", await client.Http.GetStringAsync(new Uri(a, "/api/session/notes.txt")));
    }

    [Fact]
    public async Task A_key_with_a_slash_is_one_key_everywhere_and_distinct_from_its_escaped_spelling()
    {
        using var client = new Browserless();
        Uri a = system.A.Address;

        // The key "a/b", its slash percent-encoded as any HTTP client library does for a path segment.
        using (HttpResponseMessage put = await client.Http.PutAsync(new Uri(a, "/api/session/a%2Fb"), new StringContent("slash", Encoding.UTF8)))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        // The key "a%2Fb" (percent sign and all), encoded the same way.
        using (HttpResponseMessage put = await client.Http.PutAsync(new Uri(a, "/api/session/a%252Fb"), new StringContent("percent", Encoding.UTF8)))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        string all = await client.Http.GetStringAsync(new Uri(a, "/api/session"));
        Dictionary<string, string>? keys = JsonSerializer.Deserialize<Dictionary<string, string>>(all);
        Assert.True(keys is not null && keys.Count == 2 && keys.GetValueOrDefault("a/b") == "slash" && keys.GetValueOrDefault("a%2Fb") == "percent", all);
    }

    [Fact]
    public async Task Put_get_delete_and_invalidate_through_the_api()
    {
        using var client = new Browserless();
        Uri a = system.A.Address;
        using (HttpResponseMessage put = await client.Http.PutAsync(new Uri(a, "/api/session/greeting"), new StringContent("héllo", Encoding.UTF8)))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.NotNull(client.SessionCookie(a));
        using (HttpResponseMessage put = await client.Http.PutAsync(new Uri(a, "/api/session/raw"), new ByteArrayContent([0xff, 0x00, 0xfe])))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (JsonDocument all = JsonDocument.Parse(await client.Http.GetStringAsync(new Uri(a, "/api/session"))))
        {
            Assert.Equal("héllo", all.RootElement.GetProperty("greeting").GetString());
            Assert.Equal(Convert.ToBase64String([0xff, 0x00, 0xfe]), all.RootElement.GetProperty("raw").GetProperty("base64").GetString());
        }

        Assert.Equal([0xff, 0x00, 0xfe], await client.Http.GetByteArrayAsync(new Uri(a, "/api/session/raw")));

        using (HttpResponseMessage delete = await client.Http.DeleteAsync(new Uri(a, "/api/session/raw")))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (HttpResponseMessage gone = await client.Http.GetAsync(new Uri(a, "/api/session/raw")))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (HttpResponseMessage invalidate = await client.Http.DeleteAsync(new Uri(a, "/api/session")))
        {
            Assert.Equal(HttpStatusCode.NoContent, invalidate.StatusCode);
        }

        Assert.Null(client.SessionCookie(a));
        Assert.Equal("{}", await client.Http.GetStringAsync(new Uri(a, "/api/session")));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx()
    {
        using var client = new Browserless();
        Uri a = system.A.Address;

        using (HttpResponseMessage control = await client.Http.PutAsync(new Uri(a, "/api/session/bad%01key"), new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
            Assert.Contains("control characters", await control.Content.ReadAsStringAsync());
        }

        using (HttpResponseMessage big = await client.Http.PutAsync(new Uri(a, "/api/session/big"), new ByteArrayContent(new byte[70_000])))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            Assert.Contains("65536", await big.Content.ReadAsStringAsync());
        }

        string longKey = new('k', 300);
        using (HttpResponseMessage key = await client.Http.PutAsync(new Uri(a, $"/api/session/{longKey}"), new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, key.StatusCode);
            Assert.Contains("key length", await key.Content.ReadAsStringAsync());
        }

        using (HttpResponseMessage missing = await client.Http.GetAsync(new Uri(a, "/api/session/nothing-here")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (HttpResponseMessage method = await client.Http.PostAsync(new Uri(a, "/api/session/x"), new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        }

        Assert.Equal("{}", await client.Http.GetStringAsync(new Uri(a, "/api/session")));
    }

    [Fact]
    public async Task Two_front_ends_share_one_session_both_ways()
    {
        using var client = new Browserless();
        Uri a = system.A.Address;
        Uri b = system.B.Address;
        Assert.NotEqual(a.Port, b.Port);

        (await client.Http.PutAsync(new Uri(a, "/api/session/from-a"), new StringContent("1"))).Dispose();
        Assert.Equal("1", await client.Http.GetStringAsync(new Uri(b, "/api/session/from-a")));

        (await client.Http.PutAsync(new Uri(b, "/api/session/from-b"), new StringContent("2"))).Dispose();
        Dictionary<string, string>? seenByA = await client.Http.GetFromJsonAsync<Dictionary<string, string>>(new Uri(a, "/api/session"));
        Assert.Equal(new Dictionary<string, string> { ["from-a"] = "1", ["from-b"] = "2" }, seenByA);

        // Both front-ends read the same cookie: B issued none of its own.
        Assert.Single(client.Cookies.GetAllCookies(), c => c.Name == ".AspNetCore.Session");
    }
}
