using ScottPlot;

namespace Drill.Reporting;

/// <summary>One PNG: a panel per scenario with requests/s (left axis) and per-second p99 and max latency (right axis), the fault shaded.</summary>
internal static class ThroughputChart
{
    private const int Width = 1400;
    private const int PanelHeight = 320;

    public static void Write(IReadOnlyList<ScenarioResult> results, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Draw(multiplot.GetPlot(i), results[i]);
        }

        multiplot.SavePng(path, Width, PanelHeight * results.Count);
    }

    private static void Draw(Plot plot, ScenarioResult result)
    {
        var seconds = (int)Math.Ceiling(result.EndMs / 1000);
        var buckets = Enumerable.Range(0, seconds).Select(_ => new List<double>()).ToArray();
        var errors = new double[seconds];
        foreach (var sample in result.Samples)
        {
            var second = Math.Min((int)(sample.EndMs / 1000), seconds - 1);
            buckets[second].Add(sample.LatencyMs);
            if (!sample.Ok)
            {
                errors[second]++;
            }
        }

        var xs = Enumerable.Range(0, seconds).Select(s => s + 0.5).ToArray();
        var stats = buckets.Select(b => Percentiles.Of(b)).ToArray();

        var span = plot.Add.HorizontalSpan(result.FaultStartMs / 1000, Math.Max(result.FaultEndMs, result.FaultStartMs + 200) / 1000);
        span.FillStyle.Color = Colors.Red.WithAlpha(0.12);
        span.LineStyle.Width = 0;
        span.LegendText = "fault";
        var start = plot.Add.VerticalLine(result.FaultStartMs / 1000);
        start.Color = Colors.Red;
        start.LineWidth = 1;

        var throughput = plot.Add.Scatter(xs, [.. buckets.Select(b => (double)b.Count)]);
        throughput.LegendText = "requests/s";
        throughput.MarkerSize = 0;
        throughput.LineWidth = 2;

        var p99 = plot.Add.Scatter(xs, [.. stats.Select(s => s.P99)]);
        p99.LegendText = "p99 ms (right)";
        p99.MarkerSize = 0;
        p99.Axes.YAxis = plot.Axes.Right;

        var max = plot.Add.Scatter(xs, [.. stats.Select(s => s.Max)]);
        max.LegendText = "max ms (right)";
        max.MarkerSize = 0;
        max.LinePattern = LinePattern.Dashed;
        max.Axes.YAxis = plot.Axes.Right;

        if (errors.Any(e => e > 0))
        {
            var failed = plot.Add.Scatter(xs, errors);
            failed.LegendText = "HTTP errors/s";
            failed.LineWidth = 0;
            failed.MarkerSize = 6;
            failed.Color = Colors.Red;
        }

        plot.Title($"{result.Scenario.Title}: {result.Requests:N0} requests, {result.HttpErrors} errors, {result.VerificationFailures} verification failures");
        plot.XLabel("seconds");
        plot.Axes.Left.Label.Text = "requests/s";
        plot.Axes.Right.Label.Text = "latency ms";
        plot.Axes.SetLimitsY(0, Math.Max(1, buckets.Max(b => b.Count)) * 1.15, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(10, stats.Max(s => s.Max)) * 1.15, plot.Axes.Right);
        plot.Axes.SetLimitsX(0, seconds);
        plot.ShowLegend(Alignment.UpperLeft);
    }
}
