using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sessions.AspNetCore.Diagnostics;
using Sessions.AspNetCore.Store;
using Sessions.AspNetCore.Tests.Support;

namespace Sessions.AspNetCore.Tests.Middleware;

/// <summary>
/// The front-end read cache: reads within a lease make no grain call, and a change made through another front-end (or
/// any other client of the grain) is seen by the next request, because the grain evicts the copy before acknowledging it.
/// </summary>
public sealed class ReadCacheTests(ReadCacheTests.Silos silos) : IClassFixture<ReadCacheTests.Silos>, IAsyncLifetime
{
    private TestApp _a = null!;
    private TestApp _b = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _a = await TestApp.StartAsync(silos);
        _b = await TestApp.StartAsync(silos);
        _http = TestApp.NewHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Reads_within_the_lease_make_no_grain_call_and_a_change_made_elsewhere_is_read_by_the_next_request()
    {
        var metrics = _a.Services.GetRequiredService<SessionWebMetrics>();
        using var loads = new MetricCollector<long>(metrics.Meter, "sessions.web.loads");
        using var evictions = new MetricCollector<long>(metrics.Meter, "sessions.web.read_cache.evictions");
        var browser = new CookieSession(_http, _a.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/color", "green");
        SessionView view = await browser.ViewAsync();
        Assert.Equal("green", await ReadAsync(browser, "color"));

        Assert.Equal(0, Count(loads, "found"));
        Assert.Equal(2, Count(loads, "cached"));
        Assert.NotNull(_a.Services.GetRequiredService<SessionReadCache>().TryGet(view.GrainKey));

        Assert.Equal(0, evictions.GetMeasurementSnapshot().EvaluateAsCounter());
        await silos.Sessions.CommitAsync(view.GrainKey, new SessionCommit { Set = new Dictionary<string, byte[]> { ["color"] = Encoding.UTF8.GetBytes("blue") } });
        Assert.Equal(1, evictions.GetMeasurementSnapshot().EvaluateAsCounter());

        Assert.Equal("blue", await ReadAsync(browser, "color"));
        Assert.Equal(1, Count(loads, "found"));
    }

    [Fact]
    public async Task Two_front_ends_with_caches_each_read_what_the_other_one_wrote_last()
    {
        var onA = new CookieSession(_http, _a.Http);
        await onA.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/step", "1");
        var onB = new CookieSession(_http, _b.Http) { Cookie = onA.Cookie };
        Assert.Equal("1", await ReadAsync(onB, "step"));

        for (int step = 2; step <= 6; step++)
        {
            CookieSession writer = step % 2 == 0 ? onA : onB;
            CookieSession reader = step % 2 == 0 ? onB : onA;
            await writer.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/step", $"{step}");
            Assert.Equal($"{step}", await ReadAsync(reader, "step"));
            Assert.Equal($"{step}", await ReadAsync(writer, "step"));
        }

        Assert.NotNull(_a.Services.GetRequiredService<SessionReadCache>().TryGet((await onA.ViewAsync()).GrainKey));
        Assert.NotNull(_b.Services.GetRequiredService<SessionReadCache>().TryGet((await onB.ViewAsync()).GrainKey));
    }

    [Fact]
    public async Task After_its_own_commits_a_front_end_serves_the_session_from_its_cache_with_every_change_made_on_it_or_elsewhere()
    {
        var metrics = _a.Services.GetRequiredService<SessionWebMetrics>();
        using var loads = new MetricCollector<long>(metrics.Meter, "sessions.web.loads");
        var browser = new CookieSession(_http, _a.Http);
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/a", "1");

        // Applied on the copy this front-end holds: it builds the new copy itself.
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/b", "2");
        Assert.Equal(("1", "2"), (await ReadAsync(browser, "a"), await ReadAsync(browser, "b")));

        // A change made elsewhere while the request ran ('a'), then this request's own ('b'): the grain sends the whole session.
        using (HttpResponseMessage race = await browser.PostAsync("/race"))
        {
            Assert.Equal("1", await race.Content.ReadAsStringAsync());
        }

        Assert.Equal(("parallel", "mine"), (await ReadAsync(browser, "a"), await ReadAsync(browser, "b")));
        await browser.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/s/a");
        SessionView view = await browser.ViewAsync();
        Assert.Equal(new Dictionary<string, string?> { ["b"] = "mine" }, view.Values);

        Assert.Equal(0, Count(loads, "found"));
        SessionSnapshot stored = (await silos.Sessions.LoadAsync(view.GrainKey))!;
        Assert.Equal(view.Version, stored.Version);
        Assert.Equal(["b"], stored.Values.Keys);
    }

    [Fact]
    public async Task A_front_end_that_shuts_down_releases_its_leases_so_a_change_made_elsewhere_evicts_and_waits_for_nothing()
    {
        using var leaseEnds = new LeaseEnds();
        await using TestApp leaving = await TestApp.StartAsync(silos);
        var onLeaving = new CookieSession(_http, leaving.Http);
        await onLeaving.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/color", "green");
        Assert.Equal("green", await ReadAsync(onLeaving, "color"));
        var cache = leaving.Services.GetRequiredService<SessionReadCache>();
        Assert.NotNull(cache.TryGet((await onLeaving.ViewAsync()).GrainKey));

        await leaving.DisposeAsync();
        Assert.False(cache.Enabled);

        var onB = new CookieSession(_http, _b.Http) { Cookie = onLeaving.Cookie };
        await onB.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/s/color", "blue");
        Assert.Equal("blue", await ReadAsync(onB, "color"));
        Assert.Equal((1, 0, 0), (leaseEnds.Count("released"), leaseEnds.Count("evicted"), leaseEnds.Count("outwaited")));
    }

    private static async Task<string> ReadAsync(CookieSession browser, string key)
    {
        using HttpResponseMessage response = await browser.GetAsync($"/read/{key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static long Count(MetricCollector<long> loads, string result) =>
        loads.GetMeasurementSnapshot().Where(m => Equals(m.Tags["result"], result)).Sum(m => m.Value);

    /// <summary>Leases the silos' grains ended early, by outcome (their meters are the silos' own, so a collector scoped to none misses them).</summary>
    private sealed class LeaseEnds : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();

        public LeaseEnds()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Sessions.Grains" && instrument.Name == "sessions.read_lease_evictions")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        _counts.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string outcome) => _counts.GetValueOrDefault(outcome);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Silos granting leases long enough that no lease in these tests runs out on a slow machine.</summary>
    public sealed class Silos() : SessionSilos(2, readLease: TimeSpan.FromSeconds(20));
}
