using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sessions.AspNetCore.Diagnostics;
using Sessions.AspNetCore.Tests.Support;

namespace Sessions.AspNetCore.Tests.Middleware;

/// <summary>Load once before the app, commit only the net delta before the response starts, nothing for read-only requests.</summary>
public sealed class LoadAndCommitTests(SessionSilos silos) : IClassFixture<SessionSilos>, IAsyncLifetime
{
    private TestApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(silos, configureSession: o => o.IdleTimeout = TimeSpan.FromMinutes(7));
        _http = TestApp.NewHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_written_value_is_stored_in_the_grain_with_the_configured_idle_timeout_before_the_response_arrives()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/color", "green");
        Assert.NotNull(browser.Cookie);

        SessionView view = await browser.ViewAsync();
        SessionSnapshot? stored = await silos.Sessions.LoadAsync(view.GrainKey);
        Assert.NotNull(stored);
        Assert.Equal("green", Encoding.UTF8.GetString(stored.Values["color"]));
        Assert.Equal(TimeSpan.FromMinutes(7), stored.IdleTimeout);
        Assert.Equal(stored.Version, view.Version);
        Assert.NotNull(view.Host);
    }

    [Fact]
    public async Task Binding_a_user_to_a_brand_new_session_stores_it_with_the_configured_idle_timeout()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"/bind/user-{Guid.NewGuid():N}");

        SessionView view = await browser.ViewAsync();
        SessionSnapshot? stored = await silos.Sessions.LoadAsync(view.GrainKey);
        Assert.NotNull(stored);
        Assert.Equal(TimeSpan.FromMinutes(7), stored.IdleTimeout);
    }

    [Fact]
    public async Task A_read_only_request_commits_nothing_and_no_read_ever_waits_for_a_load()
    {
        var metrics = _app.Services.GetRequiredService<SessionWebMetrics>();
        using var commits = new MetricCollector<long>(metrics.Meter, "sessions.web.commits");
        using var loads = new MetricCollector<long>(metrics.Meter, "sessions.web.loads");
        using var blocking = new MetricCollector<long>(metrics.Meter, "sessions.web.blocking_loads");
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        SessionView before = await browser.ViewAsync();
        long commitsBefore = commits.GetMeasurementSnapshot().EvaluateAsCounter();
        long loadsBefore = loads.GetMeasurementSnapshot().EvaluateAsCounter();

        for (int i = 0; i < 5; i++)
        {
            using HttpResponseMessage read = await browser.GetAsync("/read/a");
            Assert.Equal("1", await read.Content.ReadAsStringAsync());
            Assert.Empty(browser.LastSetCookies);
        }

        SessionSnapshot? stored = await silos.Sessions.LoadAsync(before.GrainKey);
        Assert.Equal(before.Version, stored!.Version);
        Assert.Equal(commitsBefore, commits.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(loadsBefore + 5, loads.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, blocking.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Only_the_delta_is_committed_so_a_parallel_change_to_another_key_survives()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "mine-before");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/gone", "x");

        using (HttpResponseMessage race = await browser.PostAsync("/race"))
        {
            Assert.Equal("mine-before", await race.Content.ReadAsStringAsync());
        }

        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/s/gone");

        SessionView view = await browser.ViewAsync();
        SessionSnapshot stored = (await silos.Sessions.LoadAsync(view.GrainKey))!;
        Assert.Equal("parallel", Encoding.UTF8.GetString(stored.Values["a"]));
        Assert.Equal("mine", Encoding.UTF8.GetString(stored.Values["b"]));
        Assert.False(stored.Values.ContainsKey("gone"));
        Assert.Equal(["a", "b"], view.Values.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fifty_parallel_requests_setting_different_keys_of_one_session_all_survive()
    {
        var first = new CookieSession(_http, _app.Http);
        await first.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/start", "0");
        string cookie = first.Cookie!;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var tab = new CookieSession(_http, _app.Http) { Cookie = cookie };
            await tab.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, $"/s/k{i:00}", $"v{i}");
        }));

        SessionView view = await first.ViewAsync();
        Assert.Equal(51, view.Values.Count);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal($"v{i}", view.Values[$"k{i:00}"]);
        }
    }

    [Fact]
    public async Task Clear_removes_every_value()
    {
        var browser = new CookieSession(_http, _app.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "2");
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/clear");

        SessionView view = await browser.ViewAsync();
        Assert.Empty(view.Values);
        Assert.Empty((await silos.Sessions.LoadAsync(view.GrainKey))!.Values);
    }
}
