using System.Globalization;

namespace Memcached.Bench;

/// <summary>Which sections to run and how long; parsed from the command line.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Memcached.Bench -- [memcslap|redis|matrix|storage|providers|replicas|failover|all] [options]

          memcslap          our client vs libmemcached's memslap (memcslap), set and get, concurrency 1/16/64
          redis             our client on memcached vs StackExchange.Redis on redis-server, 1 KB set/get
          matrix            our client alone: 100 B / 1 KB / 10 KB x concurrency 1/16/256, set and get
          storage           grain storage: our provider vs the raw client vs Orleans' Redis provider, 1 KB / 64 KB x 1/64/512 grains,
                            then 'replicas' and 'failover'
          providers         the first part of 'storage' alone (our provider vs the raw client vs Orleans' Redis provider)
          replicas          grain storage with ReplicaCount 1 vs 2 vs 3 on 3 nodes, 1 KB / 1 MB / 8 MB states
          failover          grain storage (3 nodes, 2 replicas) under load while a node is killed: ops and errors per second
          all               all four (default)

          --quick           short run (well under a minute for 'all')
          --rounds N        alternating rounds per comparison (default 5; quick 2)
          --duration S      seconds per timed measurement in redis, matrix and storage (default 2; quick 0.4)
          --connections N   our client's ConnectionsPerNode (default: the client's default)
          --sizes B,B       state sizes in bytes for the provider comparison (default 1024,65536)
          --grains N,N      grain counts for the provider comparison (default 1,64,512)
        """;

    public required IReadOnlyList<string> Sections { get; init; }

    public bool Quick { get; init; }

    public int Rounds { get; init; }

    public TimeSpan Duration { get; init; }

    public TimeSpan Warmup { get; init; }

    /// <summary>How long each client runs before a section's first measurement (JIT tier-up).</summary>
    public TimeSpan SectionWarmup { get; init; }

    public int? ConnectionsPerNode { get; init; }

    /// <summary>The provider comparison's state sizes, when the command line narrows them.</summary>
    public IReadOnlyList<int>? StateSizes { get; init; }

    /// <summary>The provider comparison's grain counts, when the command line narrows them.</summary>
    public IReadOnlyList<int>? Grains { get; init; }

    /// <summary>The command line as a user types it, printed in every section.</summary>
    public required string CommandLine { get; init; }

    /// <summary>Parses <paramref name="args"/>; null with a message on stderr when they are invalid or help was asked.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        string command = "all";
        bool quick = false;
        int? rounds = null;
        double? duration = null;
        int? connections = null;
        int[]? sizes = null;
        int[]? grains = null;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "memcslap" or "redis" or "matrix" or "storage" or "providers" or "replicas" or "failover" or "all":
                    command = args[i];
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--rounds" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int r) && r > 0:
                    rounds = r;
                    i++;
                    break;
                case "--duration" when i + 1 < args.Count && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double d) && d > 0:
                    duration = d;
                    i++;
                    break;
                case "--connections" when i + 1 < args.Count && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int c) && c > 0:
                    connections = c;
                    i++;
                    break;
                case "--sizes" when i + 1 < args.Count && PositiveList(args[i + 1]) is { } list:
                    sizes = list;
                    i++;
                    break;
                case "--grains" when i + 1 < args.Count && PositiveList(args[i + 1]) is { } list:
                    grains = list;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine(args[i] is "-h" or "--help" ? Usage : $"Unknown or invalid argument '{args[i]}'.\n\n{Usage}");
                    return null;
            }
        }

        return new BenchOptions
        {
            Sections = command == "all" ? ["memcslap", "redis", "matrix", "storage"] : [command],
            Quick = quick,
            Rounds = rounds ?? (quick ? 2 : 5),
            Duration = TimeSpan.FromSeconds(duration ?? (quick ? 0.4 : 2)),
            Warmup = TimeSpan.FromSeconds(quick ? 0.2 : 0.5),
            SectionWarmup = TimeSpan.FromSeconds(quick ? 0.4 : 2),
            ConnectionsPerNode = connections,
            StateSizes = sizes,
            Grains = grains,
            CommandLine = "dotnet run -c Release --project bench/Memcached.Bench --" + string.Concat(args.Select(a => " " + a)),
        };
    }

    /// <summary>A comma-separated list of positive integers; null when it is not one.</summary>
    private static int[]? PositiveList(string text)
    {
        string[] parts = text.Split(',');
        int[] values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>Our client's options for a server at <paramref name="endPoint"/>.</summary>
    public MemcachedClientOptions ClientOptions(string endPoint)
    {
        MemcachedClientOptions options = new()
        {
            // Generous, so that a scheduling hiccup on a 2-core machine counts as latency, not as a failure.
            OperationTimeout = TimeSpan.FromSeconds(5),
        };
        options.Servers.Add(endPoint);
        if (ConnectionsPerNode is { } connections)
        {
            options.ConnectionsPerNode = connections;
        }

        return options;
    }
}
