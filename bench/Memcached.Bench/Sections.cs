using System.Diagnostics;
using System.Globalization;

namespace Memcached.Bench;

/// <summary>Runs the sections the command line asked for, in order, under one report.</summary>
internal static class Sections
{
    public static async Task RunSectionsAsync(this Report report, BenchOptions options)
    {
        long start = Stopwatch.GetTimestamp();
        report.Heading(1, $"Memcached client and grain storage benchmarks, {DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}{(options.Quick ? " (quick)" : string.Empty)}");
        foreach (string section in options.Sections)
        {
            Func<Report, BenchOptions, Task> run = section switch
            {
                "memcslap" => MemcslapComparison.RunAsync,
                "redis" => RedisComparison.RunAsync,
                "matrix" => ClientMatrix.RunAsync,
                "storage" => RunStorageAsync,
                "providers" => StorageComparison.RunAsync,
                "replicas" => ReplicationCost.RunAsync,
                "failover" => FailoverTimeline.RunAsync,
                _ => throw new ArgumentException($"Unknown section '{section}'.", nameof(options)),
            };
            long sectionStart = Stopwatch.GetTimestamp();
            await run(report, options);
            Report.Progress($"{section} took {Stopwatch.GetElapsedTime(sectionStart).TotalSeconds:0} s");
        }

        report.Paragraph($"Total run time: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s.");
    }

    /// <summary>The storage section: the comparison with the raw client and Redis, then replication, large states and a node kill.</summary>
    private static async Task RunStorageAsync(Report report, BenchOptions options)
    {
        await StorageComparison.RunAsync(report, options);
        await ReplicationCost.RunAsync(report, options);
        await FailoverTimeline.RunAsync(report, options);
    }
}
