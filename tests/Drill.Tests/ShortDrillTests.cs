using Drill.Reporting;
using Drill.Scenarios;
using Xunit.Abstractions;

namespace Drill.Tests;

/// <summary>
/// Short versions of the SIGKILL drills on a real cluster: the verifying workload runs through both front-ends
/// while a silo or a memcached node is killed; no request may fail and no session may lose or revert a value.
/// </summary>
[Collection(DrillClusterCollection.Name)]
public sealed class ShortDrillTests(DrillCluster fixture, ITestOutputHelper output)
{
    private static readonly DrillSettings s_settings = new()
    {
        Users = 16,
        Warmup = TimeSpan.FromSeconds(4),
        Observe = TimeSpan.FromSeconds(8),
    };

    [Fact]
    public async Task SIGKILL_of_a_silo_under_the_workload_fails_no_request_and_loses_nothing()
    {
        var result = await RunAsync("silo-sigkill");

        Assert.Equal(0, result.HttpErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Stale);
        Assert.Contains(result.Samples, s => s.StartMs > result.FaultEndMs); // the workload went on after the kill
        Assert.NotNull(fixture.Cluster.Running("silo-2")); // restored for the next drill
    }

    /// <summary>
    /// Active sessions are served from their grains' memory and a write that cannot reach the dead node is retried
    /// by the grain, so this holds with or without storage replicas; with replicas (ReplicaCount 2 by default on
    /// 3 nodes) a session whose grain must re-read also finds its record on the other copy.
    /// </summary>
    [Fact]
    public async Task SIGKILL_of_a_memcached_node_under_the_workload_fails_no_request_and_loses_nothing()
    {
        var result = await RunAsync("memcached-sigkill");

        Assert.Equal(0, result.HttpErrors);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Stale);
        Assert.Contains(result.Samples, s => s.StartMs > result.FaultEndMs);
        Assert.NotNull(fixture.Cluster.Running("memcached-2"));
    }

    private async Task<ScenarioResult> RunAsync(string name)
    {
        var scenario = ScenarioCatalog.Select(name).Single();
        var result = await ScenarioRunner.RunAsync(fixture.Cluster, scenario, s_settings, line => output.WriteLine(line));
        output.WriteLine(ResultTable.Text([result]));
        foreach (var (kind, count) in result.Errors)
        {
            output.WriteLine($"{count} x {kind}");
        }

        foreach (var failure in result.Failures.Take(10))
        {
            output.WriteLine($"{failure.AtMs / 1000:0.0} s: {failure.Mismatch.Detail}");
        }

        if (result.HttpErrors + result.VerificationFailures > 0)
        {
            foreach (var line in fixture.LoggedProblems())
            {
                output.WriteLine(line);
            }
        }

        Console.WriteLine($"[Drill] {name}: {result.Requests} requests, {result.HttpErrors} errors, {result.VerificationFailures} verification failures, max {result.Latency.Max:0} ms");
        return result;
    }
}
