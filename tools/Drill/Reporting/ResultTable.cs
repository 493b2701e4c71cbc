using System.Globalization;
using System.Text;

namespace Drill.Reporting;

/// <summary>The per-scenario table, as aligned text for the console and as Markdown.</summary>
internal static class ResultTable
{
    private static readonly string[] s_header = ["scenario", "requests", "HTTP errors", "lost", "stale", "p50 ms", "p99 ms", "max ms", "recovered after"];

    public static IReadOnlyList<string[]> Rows(IReadOnlyList<ScenarioResult> results) =>
        [.. results.Select(r => new[]
        {
            r.Scenario.Name,
            Number(r.Requests),
            Number(r.HttpErrors),
            Number(r.Lost),
            Number(r.Stale),
            Ms(r.Latency.P50),
            Ms(r.Latency.P99),
            Ms(r.Latency.Max),
            r.RecoveryMs == 0 ? "undisturbed" : $"{(r.RecoveryMs / 1000).ToString("0", CultureInfo.InvariantCulture)} s",
        })];

    public static string Text(IReadOnlyList<ScenarioResult> results)
    {
        var rows = Rows(results);
        var widths = Enumerable.Range(0, s_header.Length).Select(i => rows.Select(r => r[i].Length).Append(s_header[i].Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(s_header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }

        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", s_header) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", s_header.Length - 1)));
        foreach (var row in Rows(results))
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
