using System.Net;
using TestKit;
using WebFront.Tests.Support;

namespace WebFront.Tests.Api;

/// <summary>Health and metrics endpoints.</summary>
[Collection(WebCollection.Name)]
public sealed class OperationsTests(WebFrontCluster system)
{
    [Fact]
    public async Task Live_ready_and_metrics_answer()
    {
        using var http = new HttpClient();
        using (HttpResponseMessage live = await http.GetAsync(new Uri(system.B.Address, "/health/live")))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using (HttpResponseMessage ready = await http.GetAsync(new Uri(system.B.Address, "/health/ready")))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }

        using var visitor = new Browserless();
        (await visitor.Http.PutAsync(new Uri(system.B.Address, "/api/session/m"), new StringContent("1"))).Dispose();
        (await visitor.Http.GetAsync(new Uri(system.B.Address, "/api/session"))).Dispose();

        await Poll.UntilAsync(async () =>
        {
            string metrics = await http.GetStringAsync(new Uri(system.B.Address, "/metrics"));
            return metrics.Contains("sessions_web_loads", StringComparison.Ordinal)
                && metrics.Contains("sessions_web_commits", StringComparison.Ordinal)
                && metrics.Contains("sessions_client_calls", StringComparison.Ordinal)
                && metrics.Contains("http_server_request_duration", StringComparison.Ordinal);
        }, "/metrics shows the session store, the client helper and ASP.NET Core");
    }

    [Fact]
    public async Task Health_and_metrics_requests_never_touch_the_session()
    {
        using var visitor = new Browserless();
        (await visitor.Http.PutAsync(new Uri(system.A.Address, "/api/session/m"), new StringContent("1"))).Dispose();
        using var http = new HttpClient();
        string before = await http.GetStringAsync(new Uri(system.A.Address, "/metrics"));

        // A browser carrying its cookie to /health and /metrics: ignored by ClusterSessions:IgnorePattern.
        (await visitor.Http.GetAsync(new Uri(system.A.Address, "/health/live"))).Dispose();
        (await visitor.Http.GetAsync(new Uri(system.A.Address, "/css/site.css"))).Dispose();
        await Poll.UntilAsync(async () =>
        {
            string after = await http.GetStringAsync(new Uri(system.A.Address, "/metrics"));
            return Counter(after, "sessions_web_ignored_requests") >= Counter(before, "sessions_web_ignored_requests") + 2;
        }, "both requests counted as ignored");
    }

    private static double Counter(string metrics, string name) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Sum();
}
