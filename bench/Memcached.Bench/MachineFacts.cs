using System.Runtime;
using System.Runtime.InteropServices;

namespace Memcached.Bench;

/// <summary>What the numbers were measured on, printed at the top of every section.</summary>
internal static class MachineFacts
{
    /// <summary>
    /// Prints the machine, the exact command, the servers of a section and how it warms up: <paramref name="warmUp"/>, or
    /// by default the clients' warm-up (<see cref="Workloads.WarmUpAsync"/>).
    /// </summary>
    public static void Print(Report report, BenchOptions options, IEnumerable<string> servers, string? warmUp = null)
    {
        report.Bullets(
        [
            $"machine: {Environment.ProcessorCount} cores ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}",
            $"runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, Release build",
            .. servers,
            $"command: `{options.CommandLine}`",
            $"warm-up: {warmUp ?? $"each client runs sets and gets at C=1 and C=16 for {options.SectionWarmup.TotalSeconds:0.#} s before the section's first measurement (JIT tier-up), then every row has its own untimed warm-up"}",
        ]);
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
