namespace Web.Bench;

/// <summary>
/// The contrast the cluster store exists for: 50 parallel requests, each setting a different key on one session.
/// ASP.NET Core's session writes the whole session back (last writer wins), so most keys are lost; ours commits
/// each request's delta, so all 50 stay.
/// </summary>
internal static class LostUpdates
{
    private const int Requests = 50;

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        _ = settings;
        await using BenchSystem system = await BenchSystem.StartAsync();
        Console.WriteLine($"# Lost updates: {Requests} parallel requests, each setting a different key of one session");
        Console.WriteLine();
        Console.WriteLine("| store | keys present after | lost |");
        Console.WriteLine("|---|---:|---:|");
        bool ours = true;
        foreach (AppProcess app in system.Apps.Where(a => a.Mode != "none"))
        {
            string cookie = (await BenchSystem.CreateSessionsAsync(app, 1))[0];
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
            int before = await CountAsync(http, app, cookie);
            await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(app.Address, $"/key/p{i}"));
                request.Headers.Add("Cookie", $"{BenchSystem.CookieName}={cookie}");
                using HttpResponseMessage response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
            }));
            int present = await CountAsync(http, app, cookie) - before;
            string store = app.Mode == "cluster" ? "cluster store (this repository)" : "ASP.NET Core AddSession() on Redis";
            Console.WriteLine($"| {store} | {present} of {Requests} | {Requests - present} |");
            ours &= app.Mode != "cluster" || present == Requests;
        }

        return ours ? 0 : 1;
    }

    private static async Task<int> CountAsync(HttpClient http, AppProcess app, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.Address, "/keys"));
        request.Headers.Add("Cookie", $"{BenchSystem.CookieName}={cookie}");
        using HttpResponseMessage response = await http.SendAsync(request);
        return int.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
