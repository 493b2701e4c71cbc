using System.Globalization;

namespace LocalCluster.Cli;

/// <summary>The tool's arguments: a command and its options.</summary>
internal sealed record CommandLine
{
    public const string Usage = """
        Usage: ./run.sh [command] [options]

        Commands:
          up        (default) start the local cluster, print its status and the URL, and keep it running until Ctrl-C
          quick     one memcached, one silo (localhost clustering), one front-end; until Ctrl-C
          stop      stop the cluster started by `up` (from another terminal, or after a crash)
          status    print the status table of the running cluster

        Options (up):
          --memcached N     memcached nodes (default 3)
          --silos N         silos (default 3)
          --fronts N        web front-ends (default 2)
          --port-offset N   add N to every port (default 0: front-ends 8080+, silos 11111+/30000+/8100+, memcached 21211+, Redis 26379)
          --state DIR       state directory: logs, pid files (default .run in the repository)
        """;

    public string Command { get; init; } = "up";

    public int Memcached { get; init; } = 3;

    public int Silos { get; init; } = 3;

    public int Fronts { get; init; } = 2;

    public int PortOffset { get; init; }

    public string? StateDirectory { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the problem.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            parsed = arg switch
            {
                "up" or "quick" or "stop" or "status" or "help" => parsed with { Command = arg },
                "-h" or "--help" => parsed with { Command = "help" },
                "--memcached" => parsed with { Memcached = Number(args, ++i, arg) },
                "--silos" => parsed with { Silos = Number(args, ++i, arg) },
                "--fronts" => parsed with { Fronts = Number(args, ++i, arg) },
                "--port-offset" => parsed with { PortOffset = Number(args, ++i, arg) },
                "--state" => parsed with { StateDirectory = Value(args, ++i, arg) },
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
        }

        return parsed;
    }

    private static string Value(IReadOnlyList<string> args, int i, string option) =>
        i < args.Count ? args[i] : throw new ArgumentException($"{option} needs a value.");

    private static int Number(IReadOnlyList<string> args, int i, string option) =>
        int.TryParse(Value(args, i, option), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{option} needs a whole number, not '{args[i]}'.");
}
