using Drill.Reporting;
using Drill.Workload;
using LocalCluster;

namespace Drill.Scenarios;

/// <summary>
/// Runs one drill: the cluster serving in full, a fresh workload (new users, new sessions), warm-up, the fault,
/// observation, the workload stopped, the cluster made whole, and a final read of every user's session.
/// </summary>
internal static class ScenarioRunner
{
    private static readonly TimeSpan s_healthyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>An unmeasured run of the workload, so that the first drill does not measure JIT compilation and cold connections.</summary>
    public static async Task WarmUpAsync(Cluster cluster, DrillSettings settings, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await cluster.WaitAllServingAsync(s_healthyTimeout, cancellationToken);
        var fronts = cluster.Layout.WebPorts.Select(p => new Uri($"http://127.0.0.1:{p}/")).ToList();
        using var workload = new SessionWorkload(fronts, settings.Users, settings.ThinkMs, new Recorder());
        workload.Start();
        try
        {
            await Task.Delay(duration, cancellationToken);
        }
        finally
        {
            await workload.StopAsync();
        }
    }

    public static async Task<ScenarioResult> RunAsync(Cluster cluster, Scenario scenario, DrillSettings settings, Action<string> say, CancellationToken cancellationToken = default)
    {
        // Every part healthy, not just serving: e.g. each silo's memcached client has re-admitted a node restarted
        // by the previous drill, so no session of this drill is written while the silos disagree on where it lives.
        await cluster.WaitAllServingAsync(s_healthyTimeout, cancellationToken, healthy: true);
        var fronts = cluster.Layout.WebPorts.Select(p => new Uri($"http://127.0.0.1:{p}/")).ToList();
        var recorder = new Recorder();
        using var workload = new SessionWorkload(fronts, settings.Users, settings.ThinkMs, recorder);
        workload.Start();
        double faultStart;
        double faultEnd;
        try
        {
            await Task.Delay(settings.Warmup, cancellationToken); // the baseline phase
            faultStart = recorder.Now;
            await scenario.InjectAsync(cluster, say, cancellationToken);
            faultEnd = recorder.Now;
            await Task.Delay(settings.Observe, cancellationToken); // the recovery phase
        }
        finally
        {
            await workload.StopAsync();
        }

        var end = recorder.Now;
        await scenario.RestoreAsync(cluster, cancellationToken);
        await cluster.WaitAllServingAsync(s_healthyTimeout, cancellationToken, healthy: true);
        var final = new Recorder();
        await workload.VerifyFinallyAsync(final);
        return ScenarioResult.From(scenario, recorder, final, faultStart, faultEnd, end);
    }
}
