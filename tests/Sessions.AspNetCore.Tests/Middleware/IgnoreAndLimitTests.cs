using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sessions.AspNetCore.Diagnostics;
using Sessions.AspNetCore.Tests.Support;

namespace Sessions.AspNetCore.Tests.Middleware;

/// <summary>Requests matching the ignore pattern neither load nor commit; values over the limits answer 413 with a clear message.</summary>
public sealed class IgnoreAndLimitTests(SessionSilos silos) : IClassFixture<SessionSilos>, IAsyncLifetime
{
    private TestApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(silos, o => o.MaxValueSize = 1000);
        _http = TestApp.NewHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_request_matching_the_ignore_pattern_neither_loads_nor_commits()
    {
        var metrics = _app.Services.GetRequiredService<SessionWebMetrics>();
        using var loads = new MetricCollector<long>(metrics.Meter, "sessions.web.loads");
        using var ignored = new MetricCollector<long>(metrics.Meter, "sessions.web.ignored_requests");
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();
        long loadsBefore = loads.GetMeasurementSnapshot().EvaluateAsCounter();

        using HttpResponseMessage css = await browser.GetAsync("/assets/site.css");
        Assert.Equal("available=False;keys=0;write=refused", await css.Content.ReadAsStringAsync());
        Assert.Empty(browser.LastSetCookies);

        Assert.Equal(loadsBefore, loads.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, ignored.GetMeasurementSnapshot().EvaluateAsCounter());
        SessionSnapshot stored = (await silos.Sessions.LoadAsync(before.GrainKey))!;
        Assert.Equal(before.Version, stored.Version);
        Assert.False(stored.Values.ContainsKey("from-static"));
    }

    [Fact]
    public async Task A_value_over_the_limit_answers_413_with_a_clear_message_and_changes_nothing()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();

        using HttpResponseMessage response = await browser.SendAsync(HttpMethod.Put, "/bytes/big/1001");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("value size", detail);
        Assert.Contains("1001", detail);
        Assert.Contains("1000", detail);

        SessionSnapshot stored = (await silos.Sessions.LoadAsync(before.GrainKey))!;
        Assert.Equal(before.Version, stored.Version);
        Assert.False(stored.Values.ContainsKey("big"));
    }

    [Fact]
    public async Task A_commit_the_grain_rejects_is_surfaced_not_dropped()
    {
        // No front-end check: the grain's own limit (64 KiB by default) rejects the commit.
        await using TestApp unchecked_ = await TestApp.StartAsync(silos, o => o.MaxValueSize = 0);
        var metrics = unchecked_.Services.GetRequiredService<SessionWebMetrics>();
        using var commits = new MetricCollector<long>(metrics.Meter, "sessions.web.commits");
        var browser = new CookieSession(_http, unchecked_.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();

        // Known before the response starts (an answer without a body commits after the app): 413 with the reason.
        using (HttpResponseMessage response = await browser.PutAsync("/s/big", new string('x', 70_000)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("value size", await response.Content.ReadAsStringAsync());
        }

        // Known only as the app starts its response (the commit runs before any byte is sent): the request fails.
        using (HttpResponseMessage response = await browser.SendAsync(HttpMethod.Put, "/bytes/big/70000"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.NotEqual("stored", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, commits.GetMeasurementSnapshot().Count(m => m.Tags["result"] as string == "limit"));

        SessionSnapshot stored = (await silos.Sessions.LoadAsync(before.GrainKey))!;
        Assert.Equal(before.Version, stored.Version);
        Assert.False(stored.Values.ContainsKey("big"));
    }

    [Fact]
    public async Task Too_many_keys_answer_413()
    {
        await using TestApp small = await TestApp.StartAsync(silos, o => o.MaxKeys = 2);
        var browser = new CookieSession(_http, small.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "2");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "replacing is fine");
        await browser.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, HttpMethod.Put, "/s/c", "3");
        Assert.Equal(["a", "b"], (await browser.ViewAsync()).Values.Keys.Order(StringComparer.Ordinal));
    }
}
