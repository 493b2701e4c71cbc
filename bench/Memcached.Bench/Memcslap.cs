using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Memcached.Bench;

/// <summary>What one memslap run reported on its "Time to set|get N keys by C threads: S seconds." line.</summary>
internal sealed record MemcslapResult(long Keys, int Threads, double Seconds)
{
    public double OpsPerSecond => Keys / Seconds;
}

/// <summary>
/// libmemcached's memslap (Debian's <c>memcslap</c> from libmemcached-tools), run as a child process.
/// memslap 1.1 generates N random keys (20-59 alphanumeric characters) with values of 50-4999 bytes; for
/// <c>--test=set</c> each of C threads sets all N keys in order; for <c>--test=get</c> it first sets the N keys from one
/// thread (untimed), then each thread gets N keys picked at random. Each thread has its own blocking connection.
/// </summary>
internal static partial class Memcslap
{
    public const string Program = "memcslap";

    public static string CommandLine(string server, string test, int concurrency, int perThread) =>
        $"{Program} {string.Join(' ', Arguments(server, test, concurrency, perThread))}";

    public static async Task<string> VersionAsync() => (await RunProcessAsync(["--version"])).Output.Trim();

    public static async Task<MemcslapResult> RunAsync(string server, string test, int concurrency, int perThread)
    {
        (int exitCode, string output, string errors) = await RunProcessAsync(Arguments(server, test, concurrency, perThread));
        Match match = TimeLine().Match(output);
        if (exitCode != 0 || !match.Success || match.Groups["test"].Value != test)
        {
            throw new InvalidOperationException(
                $"`{CommandLine(server, test, concurrency, perThread)}` exited with {exitCode} without a 'Time to {test}' line.\nstdout:\n{output}\nstderr:\n{errors}");
        }

        return new MemcslapResult(
            long.Parse(match.Groups["keys"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["threads"].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture));
    }

    private static string[] Arguments(string server, string test, int concurrency, int perThread) =>
    [
        $"--servers={server}",
        $"--test={test}",
        $"--concurrency={concurrency.ToString(CultureInfo.InvariantCulture)}",
        $"--execute-number={perThread.ToString(CultureInfo.InvariantCulture)}",
    ];

    private static async Task<(int ExitCode, string Output, string Errors)> RunProcessAsync(IEnumerable<string> arguments)
    {
        ProcessStartInfo start = new(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Program}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Program} {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }

        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex(@"Time to (?<test>set|get)\s+(?<keys>\d+) keys by\s+(?<threads>\d+) threads:\s+(?<seconds>[0-9.]+) seconds\.")]
    private static partial Regex TimeLine();
}
