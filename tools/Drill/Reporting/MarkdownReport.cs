using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Drill.Scenarios;
using LocalCluster.Topology;

namespace Drill.Reporting;

/// <summary>The drill report: how it was run, the table, the chart, and per scenario the errors and failed verifications.</summary>
internal static class MarkdownReport
{
    public static string Build(IReadOnlyList<ScenarioResult> results, DrillSettings settings, ClusterLayout layout, string command, string chartFile)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("# Failure drills").AppendLine();
        text.AppendLine(c, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({RuntimeInformation.OSDescription}), with:").AppendLine();
        text.AppendLine("```bash").AppendLine(command).AppendLine("```").AppendLine();
        text.AppendLine(c, $"Cluster on 127.0.0.1: {layout.MemcachedPorts.Count} memcached nodes, Redis (membership and data-protection keys, append-only file), {layout.Silos.Count} silos on Redis membership, {layout.WebPorts.Count} web front-ends; the silos' and front-ends' default settings.");
        text.AppendLine(c, $"Workload per scenario: {settings.Users} new virtual users (own cookie jar and session each), {settings.ThinkMs.Min}-{settings.ThinkMs.Max} ms between steps, round-robin over the front-ends; {settings.Warmup.TotalSeconds:0} s before the fault, {settings.Observe.TotalSeconds:0} s after it.");
        text.AppendLine("Steps: shop page reads, cart add / set quantity / remove / empty through the page's forms (each followed by the page, as after a redirect), values written, deleted and read through the JSON session API, and two adds at once from two tabs. Every response that shows the session is compared with what that user wrote and was acknowledged; after the run every session is read once more.").AppendLine();
        text.AppendLine("Columns: **HTTP errors**: answers other than the expected status, connection errors, timeouts (30 s). **lost**: responses missing (or with a wrong) value the user had written and been acknowledged. **stale**: responses showing a value the user had already replaced. After a failed write either outcome is accepted (it may or may not have been applied). **p50/p99/max**: latency of every request from the fault on. **recovered after**: from the fault's start until the last second with an error, a failed verification or a p99 above max(200 ms, 2 x the baseline p99).").AppendLine();
        text.Append(ResultTable.Markdown(results)).AppendLine();
        text.AppendLine(c, $"![requests/s and latency per second, the fault shaded]({chartFile})").AppendLine();
        foreach (var r in results)
        {
            text.AppendLine(c, $"## {r.Scenario.Title} (`{r.Scenario.Name}`)").AppendLine();
            text.AppendLine(c, $"Baseline p99 {r.BaselineP99:0} ms; fault from {r.FaultStartMs / 1000:0.0} s to {r.FaultEndMs / 1000:0.0} s; max latency {r.Latency.Max:0} ms; {r.Requests:N0} requests.");
            var slowest = r.Samples.Where(x => x.EndMs >= r.FaultStartMs).OrderByDescending(x => x.LatencyMs).Take(5).ToList();
            if (slowest.Count > 0)
            {
                text.AppendLine(c, $"Slowest requests from the fault on: {string.Join(", ", slowest.Select(x => $"{x.LatencyMs:0} ms (started {Math.Round((x.StartMs - r.FaultStartMs) / 1000, 1):+0.0;-0.0;0.0} s from the fault)"))}; {r.Samples.Count(x => x.EndMs >= r.FaultStartMs && x.LatencyMs > 1000)} took over 1 s.");
            }

            if (r.Errors.Count > 0)
            {
                text.AppendLine().AppendLine("HTTP errors:");
                foreach (var (kind, count) in r.Errors.OrderByDescending(e => e.Value).Take(8))
                {
                    text.AppendLine(c, $"- {count} x {kind}");
                }
            }

            if (r.Failures.Count > 0)
            {
                text.AppendLine().AppendLine(c, $"Verification failures (first {Math.Min(5, r.Failures.Count)} of {r.Failures.Count}):");
                foreach (var f in r.Failures.Take(5))
                {
                    text.AppendLine(c, $"- at {f.AtMs / 1000:0.0} s, {(f.Mismatch.Lost ? "lost" : "stale")}: {f.Mismatch.Detail}");
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
