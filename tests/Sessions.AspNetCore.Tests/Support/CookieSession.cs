using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Sessions.AspNetCore.Tests.Support;

/// <summary>
/// One browser-like client of a test app: keeps the session cookie it is given (by hand, so tests can read every
/// Set-Cookie header and plant bad cookies).
/// </summary>
public sealed class CookieSession(HttpClient http, Uri baseAddress, string cookieName = ".AspNetCore.Session")
{
    public string CookieName { get; } = cookieName;

    /// <summary>The session cookie's current value (null when there is none).</summary>
    public string? Cookie { get; set; }

    /// <summary>The Set-Cookie headers of the last response for the session cookie.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, new StringContent(body, Encoding.UTF8));

    public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<SessionView> ViewAsync()
    {
        using HttpResponseMessage response = await GetAsync("/s");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionView>())!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path)) { Content = content };
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", $"{CookieName}={Cookie}");
        }

        HttpResponseMessage response = await http.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(CookieName + "=", StringComparison.Ordinal)).ToList()
            : [];
        foreach (string setCookie in LastSetCookies)
        {
            string value = setCookie[(CookieName.Length + 1)..].Split(';')[0];
            bool expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            Cookie = expired || value.Length == 0 ? null : value;
        }

        return response;
    }

    /// <summary>Sends and asserts the status code, then disposes the response.</summary>
    public async Task ExpectAsync(HttpStatusCode status, HttpMethod method, string path, string? body = null)
    {
        using HttpResponseMessage response = await SendAsync(method, path, body is null ? null : new StringContent(body, Encoding.UTF8));
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
