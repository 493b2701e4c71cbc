using System.Net;

namespace Drill.Workload;

/// <summary>What one request returned: whether it was the expected answer, and its body.</summary>
/// <param name="Ok">The expected status arrived.</param>
/// <param name="Body">The body (empty on failure).</param>
internal readonly record struct SiteResponse(bool Ok, string Body);

/// <summary>
/// Sends the workload's requests to the front-ends (one shared connection pool, no automatic cookies or redirects:
/// each user brings its own cookie jar), times each one and records it.
/// </summary>
internal sealed class SiteClient : IDisposable
{
    /// <summary>Longer than any failover the drills cause; a request past it is an error.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _fronts;

    public SiteClient(IReadOnlyList<Uri> fronts)
    {
        _fronts = fronts;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The number of front-ends.</summary>
    public int Fronts => _fronts.Count;

    /// <summary>Sends one request as the user owning <paramref name="jar"/> to front-end <paramref name="front"/>.</summary>
    public async Task<SiteResponse> SendAsync(Recorder recorder, CookieJar jar, int front, HttpMethod method, string path, HttpContent? content, HttpStatusCode expected, string action)
    {
        using var request = new HttpRequestMessage(method, new Uri(_fronts[front], path)) { Content = content };
        if (jar.Header is { } cookies)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
        }

        var started = recorder.Now;
        try
        {
            using var timeout = new CancellationTokenSource(RequestTimeout);
            using var response = await _http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            jar.Absorb(response);
            var ok = response.StatusCode == expected;
            recorder.Request(started, recorder.Now - started, ok ? null : $"HTTP {(int)response.StatusCode} on {action} (web-{front + 1})");
            return new SiteResponse(ok, ok ? body : string.Empty);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            recorder.Request(started, recorder.Now - started, $"{ex.GetType().Name} on {action} (web-{front + 1})");
            return new SiteResponse(false, string.Empty);
        }
    }

    public void Dispose() => _http.Dispose();
}
