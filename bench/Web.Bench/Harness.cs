using System.Globalization;

namespace Web.Bench;

/// <summary>
/// Runs the comparison: for each mix (read-mostly 90/10, write-heavy 50/50), rounds of cluster → redis → none → grain with
/// wrk, then the median of the per-round ratios (machine drift cancels out) and the median p99 of each contender.
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
        foreach (AppProcess app in system.Apps)
        {
            string warm = Wrk.WriteScript(Path.Combine(scripts, $"warm-{app.Mode}.lua"), BenchSystem.CookieName, cookies[app.Mode], 0.1);
            await Wrk.RunAsync(app.Address, warm, settings.Threads, settings.Connections, Math.Max(2, settings.Seconds / 2));
        }

        bool clean = true;
        foreach (var (mixName, writeShare) in s_mixes)
        {
            var results = system.Apps.ToDictionary(a => a.Mode, _ => new List<WrkResult>());
            for (int round = 0; round < settings.Rounds; round++)
            {
                foreach (AppProcess app in system.Apps)
                {
                    string script = Wrk.WriteScript(Path.Combine(scripts, $"{app.Mode}-{writeShare:0.00}.lua"), BenchSystem.CookieName, cookies[app.Mode], writeShare);
                    TimeSpan appBefore = app.CpuTime, backendBefore = system.BackendCpuTime(app.Mode);
                    WrkResult result = await Wrk.RunAsync(app.Address, script, settings.Threads, settings.Connections, settings.Seconds);
                    results[app.Mode].Add(result with
                    {
                        AppCpuMicros = (app.CpuTime - appBefore).TotalMicroseconds / result.Requests,
                        BackendCpuMicros = (system.BackendCpuTime(app.Mode) - backendBefore).TotalMicroseconds / result.Requests,
                    });
                }
            }

            clean &= Report(mixName, results);
        }

        Console.WriteLine();
        Console.WriteLine("Command: dotnet run -c Release --project bench/Web.Bench -- run" + (settings.Rounds == 2 ? " --quick" : string.Empty));
        return clean ? 0 : 1;
    }

    private static bool Report(string mix, Dictionary<string, List<WrkResult>> results)
    {
        List<WrkResult> cluster = results["cluster"], redis = results["redis"], none = results["none"], grain = results["grain"];
        Console.WriteLine();
        Console.WriteLine($"## {mix}");
        Console.WriteLine();
        Console.WriteLine("| round | cluster req/s | redis req/s | none req/s | grain req/s | cluster/redis | cluster/none | grain/none | cluster/grain | p99 ms cluster / redis / none / grain |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int i = 0; i < cluster.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {cluster[i].RequestsPerSecond:0} | {redis[i].RequestsPerSecond:0} | {none[i].RequestsPerSecond:0} | {grain[i].RequestsPerSecond:0} | {Ratio(cluster[i], redis[i]):0.00} | {Ratio(cluster[i], none[i]):0.00} | {Ratio(grain[i], none[i]):0.00} | {Ratio(cluster[i], grain[i]):0.00} | {cluster[i].P99Ms:0.0} / {redis[i].P99Ms:0.0} / {none[i].P99Ms:0.0} / {grain[i].P99Ms:0.0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **median** | {Median(cluster.Select(r => r.RequestsPerSecond)):0} | {Median(redis.Select(r => r.RequestsPerSecond)):0} | {Median(none.Select(r => r.RequestsPerSecond)):0} | {Median(grain.Select(r => r.RequestsPerSecond)):0} | **{MedianRatio(cluster, redis):0.00}** | **{MedianRatio(cluster, none):0.00}** | **{MedianRatio(grain, none):0.00}** | **{MedianRatio(cluster, grain):0.00}** | {Median(cluster.Select(r => r.P99Ms)):0.0} / {Median(redis.Select(r => r.P99Ms)):0.0} / {Median(none.Select(r => r.P99Ms)):0.0} / {Median(grain.Select(r => r.P99Ms)):0.0} |"));
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
