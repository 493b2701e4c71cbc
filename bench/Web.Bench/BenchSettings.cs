using System.Globalization;

namespace Web.Bench;

/// <summary>Command-line settings of a bench run.</summary>
internal sealed record BenchSettings(int Rounds, int Seconds, int Sessions, int Connections, int Threads, IReadOnlyList<string> Pages)
{
    public static BenchSettings Parse(string[] args)
    {
        bool quick = args.Contains("--quick");
        return new BenchSettings(
            Int(args, "--rounds", quick ? 2 : 5),
            Int(args, "--seconds", quick ? 3 : 10),
            Int(args, "--sessions", quick ? 200 : 1000),
            Int(args, "--connections", 32),
            Int(args, "--threads", 2),
            Value(args, "--page") switch
            {
                null or "both" => ["bench", "shop"],
                "bench" or "shop" => [Value(args, "--page")!],
                var page => throw new ArgumentException($"--page {page}: bench, shop or both"),
            });
    }

    public static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
