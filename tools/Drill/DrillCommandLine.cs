using System.Globalization;
using Drill.Scenarios;

namespace Drill;

/// <summary>The drill's arguments.</summary>
internal sealed record DrillCommandLine
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tools/Drill -- [options]

        Runs failure drills while a verifying session workload goes through the web front-ends, prints a table,
        writes report.md and report.png, and exits 1 when any response showed a session other than what its user wrote.

          --scenarios LIST  comma-separated (in that order, repeats allowed), or all (default): silo-sigkill,
                            silo-graceful, memcached-sigkill, memcached-restart-empty, memcached-sigstop,
                            redis-restart, silo-rolling-restart
          --attach [DIR]    drill the cluster that ./run.sh runs (its state directory, default .run); otherwise the
                            drill starts a cluster of its own (state .run/drill-cluster, ports shifted by --port-offset)
          --port-offset N   ports of the drill's own cluster (default 1000: front-ends 9080+, ...)
          --users N         virtual users per scenario (default 48)
          --warmup S        seconds of load before the fault (default 10)
          --observe S       seconds of load after the fault (default 20)
          --think MIN-MAX   ms between a user's steps (default 10-50)
          --out DIR         where report.md and report.png go (default .run/drill)
        """;

    public string Scenarios { get; init; } = "all";

    public string? Attach { get; init; }

    public int PortOffset { get; init; } = 1000;

    public DrillSettings Settings { get; init; } = new();

    public string? OutputDirectory { get; init; }

    public bool Help { get; init; }

    public static DrillCommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = new DrillCommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            parsed = arg switch
            {
                "-h" or "--help" => parsed with { Help = true },
                "--scenarios" => parsed with { Scenarios = Value(args, ++i, arg) },
                "--attach" => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? parsed with { Attach = args[++i] }
                    : parsed with { Attach = ".run" },
                "--port-offset" => parsed with { PortOffset = Number(args, ++i, arg) },
                "--users" => parsed with { Settings = parsed.Settings with { Users = Number(args, ++i, arg) } },
                "--warmup" => parsed with { Settings = parsed.Settings with { Warmup = TimeSpan.FromSeconds(Number(args, ++i, arg)) } },
                "--observe" => parsed with { Settings = parsed.Settings with { Observe = TimeSpan.FromSeconds(Number(args, ++i, arg)) } },
                "--think" => parsed with { Settings = parsed.Settings with { ThinkMs = Range(args, ++i, arg) } },
                "--out" => parsed with { OutputDirectory = Value(args, ++i, arg) },
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
        }

        ScenarioCatalog.Select(parsed.Scenarios); // fails early on an unknown name
        return parsed.Settings.Users < 1 ? throw new ArgumentException("--users must be at least 1.") : parsed;
    }

    private static string Value(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count ? args[i] : throw new ArgumentException($"{option} needs a value.");

    private static int Number(IReadOnlyList<string> args, int i, string option) =>
        int.TryParse(Value(args, i, option), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{option} needs a whole number, not '{args[i]}'.");

    private static (int, int) Range(IReadOnlyList<string> args, int i, string option)
    {
        var parts = Value(args, i, option).Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && min <= max
            ? (min, max)
            : throw new ArgumentException($"{option} needs MIN-MAX in ms, e.g. 10-50.");
    }
}
