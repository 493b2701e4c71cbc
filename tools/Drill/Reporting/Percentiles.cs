namespace Drill.Reporting;

/// <summary>Latency percentiles in ms (nearest rank).</summary>
internal readonly record struct Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Percentiles(0, 0, 0, 0)
            : new Percentiles(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
