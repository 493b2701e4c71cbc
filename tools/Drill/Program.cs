using System.Runtime.InteropServices;
using Drill;
using Drill.Reporting;
using Drill.Scenarios;
using LocalCluster;
using LocalCluster.Topology;

DrillCommandLine options;
try
{
    options = DrillCommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"{ex.Message}{Environment.NewLine}{Environment.NewLine}{DrillCommandLine.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DrillCommandLine.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var builds = AppBuilds.Locate();
Cluster cluster;
var own = options.Attach is null;
if (options.Attach is { } attach)
{
    var state = Path.GetFullPath(Path.IsPathRooted(attach) ? attach : Path.Combine(builds.RepositoryRoot, attach));
    if (Cluster.Attach(state, builds) is not { Layout.Quick: false } running)
    {
        await Console.Error.WriteLineAsync($"No full cluster recorded in {state}: start one with ./run.sh (not quick mode), or leave out --attach.");
        return 2;
    }

    cluster = running;
}
else
{
    builds.EnsureBuilt();
    cluster = Cluster.Create(ClusterLayout.Standard(3, 3, 2, options.PortOffset), Path.Combine(builds.RepositoryRoot, ".run", "drill-cluster"), builds);
}

var results = new List<ScenarioResult>();
try
{
    if (own)
    {
        Say($"starting a cluster of its own in {cluster.StateDirectory} (logs in {cluster.LogDirectory})");
        await cluster.StartAsync(Say, cancel.Token);
    }

    Say("warming up (an unmeasured run of the workload)");
    await ScenarioRunner.WarmUpAsync(cluster, options.Settings, TimeSpan.FromSeconds(10), cancel.Token);
    foreach (var scenario in ScenarioCatalog.Select(options.Scenarios))
    {
        Say($"== {scenario.Name}: {scenario.Title}");
        var result = await ScenarioRunner.RunAsync(cluster, scenario, options.Settings, Say, cancel.Token);
        results.Add(result);
        Say($"   {result.Requests:N0} requests, {result.HttpErrors} HTTP errors, {result.Lost} lost, {result.Stale} stale, max {result.Latency.Max:0} ms");
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Say("interrupted");
}
catch (Exception ex) when (ex is ClusterStartException or TimeoutException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
finally
{
    if (own)
    {
        await cluster.StopAsync(Say);
    }
}

if (results.Count == 0)
{
    return 2;
}

var output = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(builds.RepositoryRoot, ".run", "drill"));
Directory.CreateDirectory(output);
const string Chart = "report.png";
ThroughputChart.Write(results, Path.Combine(output, Chart));
var command = "dotnet run -c Release --project tools/Drill --" + string.Concat(args.Select(a => " " + a));
await File.WriteAllTextAsync(Path.Combine(output, "report.md"), MarkdownReport.Build(results, options.Settings, cluster.Layout, command, Chart));
Console.WriteLine();
Console.Write(ResultTable.Text(results));
Console.WriteLine();
Console.WriteLine($"Report: {Path.Combine(output, "report.md")} (chart {Chart})");
var failed = results.Sum(r => r.VerificationFailures);
if (failed > 0)
{
    Console.WriteLine($"{failed} verification failure(s): a session did not hold what its user wrote.");
}

return failed > 0 ? 1 : 0;

static void Say(string line) => LocalCluster.Cli.Supervisor.Say(line);
