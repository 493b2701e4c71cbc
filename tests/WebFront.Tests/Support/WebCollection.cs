using System.Net;

namespace WebFront.Tests.Support;

/// <summary>Every WebFront test shares one system (silos, memcached, Redis, two front-ends): starting it is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFrontCluster>
{
    public const string Name = "web";
}

/// <summary>A client with a cookie jar, like one browser: cookies for 127.0.0.1 go to both front-ends (cookies ignore ports).</summary>
public sealed class Browserless : IDisposable
{
    private readonly HttpClientHandler _handler;

    public Browserless(CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        Http = new HttpClient(_handler);
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public string? SessionCookie(Uri address) => Cookies.GetCookies(address)[".AspNetCore.Session"]?.Value;

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}
