using LocalCluster.Health;
using LocalCluster.Output;
using LocalCluster.Processes;

namespace LocalCluster.Cli;

/// <summary><c>stop</c> and <c>status</c>: act on the cluster recorded in a state directory.</summary>
internal static class Commands
{
    public static async Task<int> StopAsync(string stateDirectory, Topology.AppBuilds builds)
    {
        if (PidRecord.TryRead(Supervisor.RecordFile(stateDirectory)) is { IsRunning: true } supervisor)
        {
            Supervisor.Say($"asking the supervisor (pid {supervisor.Pid}) to stop the cluster");
            PosixSignals.Send(supervisor.Pid, PosixSignals.Terminate);
            if (!await ComponentLauncher.WaitForExitAsync(supervisor, TimeSpan.FromSeconds(90)))
            {
                Supervisor.Say("the supervisor did not exit within 90 s; stopping the components directly");
            }
        }

        if (Cluster.Attach(stateDirectory, builds) is not { } cluster)
        {
            Supervisor.Say($"no cluster recorded in {stateDirectory}");
            return 0;
        }

        await cluster.StopAsync(Supervisor.Say);
        File.Delete(Supervisor.RecordFile(stateDirectory));
        Supervisor.Say("stopped");
        return 0;
    }

    public static async Task<int> StatusAsync(string stateDirectory, Topology.AppBuilds builds)
    {
        if (Cluster.Attach(stateDirectory, builds) is not { } cluster)
        {
            Console.WriteLine($"No cluster recorded in {stateDirectory}. Start one with ./run.sh");
            return 1;
        }

        var status = await cluster.StatusAsync();
        if (status.All(s => s.State == ComponentState.Down))
        {
            Console.WriteLine($"No cluster is running from {stateDirectory}. Start one with ./run.sh");
            return 3;
        }

        Console.Write(StatusTable.Format(status));
        var serving = status.All(s => s.State is ComponentState.Healthy or ComponentState.Degraded);
        if (serving)
        {
            Console.WriteLine($"Open {cluster.SiteUrl}");
        }

        return serving ? 0 : 3;
    }
}
