using System.Globalization;

namespace Web.Bench;

/// <summary>
/// Runs the comparison: for each page (bench, shop) and mix (read-mostly 90/10, write-heavy 50/50), rounds of cluster →
/// redis → none → grain with wrk, then the median of the per-round ratios (machine drift cancels out) and the median p99
/// of each contender.
/// </summary>
internal static class Harness
{
    private static readonly (string Name, double WriteShare)[] s_mixes = [("read-mostly 90/10", 0.10), ("write-heavy 50/50", 0.50)];

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        Console.WriteLine($"# Web session bench — {DateTime.UtcNow:u}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, shared with other work (noisy); everything on loopback: wrk, 4 apps, 1 silo, memcached, redis-server.");
        Console.WriteLine($"wrk -t{settings.Threads} -c{settings.Connections} -d{settings.Seconds}s, {settings.Rounds} rounds per mix, {settings.Sessions} distinct session cookies per app, 1 KB sessions (8 × 128 B).");
        await using BenchSystem system = await BenchSystem.StartAsync();
        string scripts = Directory.CreateTempSubdirectory("web-bench-").FullName;

        var cookies = new Dictionary<string, IReadOnlyList<string>>();
        foreach (AppProcess app in system.Apps.Where(a => a.Mode != "none"))
        {
            cookies[app.Mode] = await BenchSystem.CreateSessionsAsync(app, settings.Sessions);
        }

        // The no-session page gets the same cookies (same request size); it ignores them.
        cookies["none"] = cookies["cluster"];
        bool clean = true;
        foreach (string page in settings.Pages)
        {
            // The shop page is WebFront's Razor page on HttpContext.Session; the bare grain call has no session to give it.
            AppProcess[] contenders = [.. system.Apps.Where(a => page == "bench" || a.Mode != "grain")];
            var forms = new Dictionary<string, ShopForm?>();
            foreach (AppProcess app in contenders)
            {
                forms[app.Mode] = page == "shop" ? await BenchSystem.FetchShopFormAsync(app, cookies[app.Mode][0]) : null;
                string warm = Wrk.WriteScript(Path.Combine(scripts, $"warm-{page}-{app.Mode}.lua"), BenchSystem.CookieName, cookies[app.Mode], 0.1, forms[app.Mode]);
                await Wrk.RunAsync(app.Address, warm, settings.Threads, settings.Connections, Math.Max(2, settings.Seconds / 2));
            }

            foreach (var (mixName, writeShare) in s_mixes)
            {
                string Script(AppProcess app, double? thinkMs) => Wrk.WriteScript(
                    Path.Combine(scripts, $"{page}-{app.Mode}-{writeShare:0.00}{(thinkMs is null ? string.Empty : "-paced")}.lua"),
                    BenchSystem.CookieName, cookies[app.Mode], writeShare, forms[app.Mode], thinkMs);
                var results = await MeasureAsync(system, contenders, settings, settings.Rounds, app => Script(app, null));
                clean &= Report($"{PageTitle(page)}, {mixName}", results);

                // p99 at equal load: every contender offered the same paced load, half what the Redis session sustains.
                double offered = Median(results["redis"].Select(r => r.RequestsPerSecond)) / 2;
                double thinkMs = settings.Connections * 1000 / offered;
                var paced = await MeasureAsync(system, contenders, settings, PacedRounds(settings), app => Script(app, thinkMs));
                clean &= ReportPaced($"{PageTitle(page)}, {mixName}", offered, thinkMs, paced);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Command: dotnet run -c Release --project bench/Web.Bench -- run" + (settings.Rounds == 2 ? " --quick" : string.Empty));
        return clean ? 0 : 1;
    }

    /// <summary>Rounds of the paced runs: their p99 settles sooner than a throughput ratio.</summary>
    private static int PacedRounds(BenchSettings settings) => Math.Min(settings.Rounds, 3);

    /// <summary><paramref name="rounds"/> rounds of every contender in turn, with the CPU each process spent per request.</summary>
    private static async Task<Dictionary<string, List<WrkResult>>> MeasureAsync(BenchSystem system, AppProcess[] contenders, BenchSettings settings, int rounds, Func<AppProcess, string> script)
    {
        var results = contenders.ToDictionary(a => a.Mode, _ => new List<WrkResult>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (AppProcess app in contenders)
            {
                TimeSpan appBefore = app.CpuTime, backendBefore = system.BackendCpuTime(app.Mode);
                WrkResult result = await Wrk.RunAsync(app.Address, script(app), settings.Threads, settings.Connections, settings.Seconds);
                results[app.Mode].Add(result with
                {
                    AppCpuMicros = (app.CpuTime - appBefore).TotalMicroseconds / result.Requests,
                    BackendCpuMicros = (system.BackendCpuTime(app.Mode) - backendBefore).TotalMicroseconds / result.Requests,
                });
            }
        }

        return results;
    }

    private static bool ReportPaced(string title, double offered, double thinkMs, Dictionary<string, List<WrkResult>> results)
    {
        string[] modes = [.. results.Keys];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"## {title}: latency at equal load (~{offered:0} req/s offered: each connection waits a random {thinkMs:0.0} ms on average before each request)"));
        Console.WriteLine();
        Console.WriteLine("| contender | req/s | p50 ms | p99 ms | p99 / redis p99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (string mode in modes)
        {
            List<WrkResult> runs = results[mode];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mode} | {Median(runs.Select(r => r.RequestsPerSecond)):0} | {Median(runs.Select(r => r.P50Ms)):0.00} | {Median(runs.Select(r => r.P99Ms)):0.00} | {Median(runs.Zip(results["redis"], (a, b) => a.P99Ms / b.P99Ms)):0.00} |"));
        }

        Console.WriteLine();
        Console.WriteLine("(medians over the rounds; the last column is the median of the per-round ratios)");
        long errors = results.Values.SelectMany(r => r).Sum(r => r.Errors);
        Console.WriteLine($"errors (non-2xx, socket): {errors}");
        return errors == 0;
    }

    private static string PageTitle(string page) => page == "shop" ? "shop page (WebFront's Razor page)" : "bench page";

    private static bool Report(string title, Dictionary<string, List<WrkResult>> results)
    {
        string[] modes = [.. results.Keys];
        (string Name, string A, string B)[] ratios =
            [.. new[] { ("cluster", "redis"), ("cluster", "none"), ("grain", "none"), ("cluster", "grain") }
                .Where(r => results.ContainsKey(r.Item1) && results.ContainsKey(r.Item2))
                .Select(r => ($"{r.Item1}/{r.Item2}", r.Item1, r.Item2))];
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine($"| round | {string.Join(" | ", modes.Select(m => $"{m} req/s"))} | {string.Join(" | ", ratios.Select(r => r.Name))} | p99 ms {string.Join(" / ", modes)} |");
        Console.WriteLine($"|---:|{string.Concat(Enumerable.Repeat("---:|", modes.Length + ratios.Length))}---|");
        for (int i = 0; i < results[modes[0]].Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {string.Join(" | ", modes.Select(m => results[m][i].RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)))} | {string.Join(" | ", ratios.Select(r => Ratio(results[r.A][i], results[r.B][i]).ToString("0.00", CultureInfo.InvariantCulture)))} | {string.Join(" / ", modes.Select(m => results[m][i].P99Ms.ToString("0.0", CultureInfo.InvariantCulture)))} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **median** | {string.Join(" | ", modes.Select(m => Median(results[m].Select(r => r.RequestsPerSecond)).ToString("0", CultureInfo.InvariantCulture)))} | {string.Join(" | ", ratios.Select(r => $"**{MedianRatio(results[r.A], results[r.B]).ToString("0.00", CultureInfo.InvariantCulture)}**"))} | {string.Join(" / ", modes.Select(m => Median(results[m].Select(r => r.P99Ms)).ToString("0.0", CultureInfo.InvariantCulture)))} |"));
        Console.WriteLine();
        Console.WriteLine("CPU per request (median, µs; less sensitive to the machine's other load than req/s):");
        Console.WriteLine();
        Console.WriteLine("| | app | session back-end | total |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (mode, runs) in results)
        {
            string backend = mode switch { "cluster" or "grain" => "silo", "redis" => "redis-server", _ => "—" };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mode} | {Median(runs.Select(r => r.AppCpuMicros)):0} | {Median(runs.Select(r => r.BackendCpuMicros)):0} ({backend}) | {Median(runs.Select(r => r.AppCpuMicros + r.BackendCpuMicros)):0} |"));
        }

        long errors = results.Values.SelectMany(r => r).Sum(r => r.Errors);
        Console.WriteLine();
        Console.WriteLine($"errors (non-2xx, socket): {errors}");
        return errors == 0;
    }

    private static double Ratio(WrkResult a, WrkResult b) => a.RequestsPerSecond / b.RequestsPerSecond;

    private static double MedianRatio(List<WrkResult> a, List<WrkResult> b) => Median(a.Zip(b, Ratio));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
