using System.Globalization;
using System.Runtime.InteropServices;
using LocalCluster.Health;
using LocalCluster.Output;
using LocalCluster.Processes;

namespace LocalCluster.Cli;

/// <summary>
/// <c>up</c> and <c>quick</c>: starts the cluster, prints the status table and the URL, reports state changes
/// while it runs, and stops everything on Ctrl-C, SIGTERM (<c>./run.sh stop</c>) or SIGHUP. A second Ctrl-C
/// kills what is still stopping.
/// </summary>
internal static class Supervisor
{
    private static readonly TimeSpan s_monitorInterval = TimeSpan.FromSeconds(2);

    public static string RecordFile(string stateDirectory) => Path.Combine(stateDirectory, "supervisor.json");

    public static async Task<int> RunAsync(Cluster cluster)
    {
        var recordFile = RecordFile(cluster.StateDirectory);
        if (PidRecord.TryRead(recordFile) is { IsRunning: true } other)
        {
            await Console.Error.WriteLineAsync($"A cluster is already running from {cluster.StateDirectory} (pid {other.Pid}). Stop it first: ./run.sh stop");
            return 1;
        }

        var self = Environment.ProcessId;
        new PidRecord("supervisor", self, ProcFs.StartTime(self) ?? 0, ProcFs.Name(self) ?? "dotnet").Write(recordFile);
        using var stopping = new CancellationTokenSource();
        using var force = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (stopping.IsCancellationRequested)
            {
                force.Cancel();
            }
            else
            {
                stopping.Cancel();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        var exitCode = 0;
        try
        {
            await cluster.StartAsync(Say, stopping.Token);
            var status = await cluster.StatusAsync(stopping.Token);
            Console.WriteLine();
            Console.Write(StatusTable.Format(status));
            Console.WriteLine();
            Console.WriteLine($"Open {cluster.SiteUrl}   (session API: {cluster.SiteUrl}api/session, admin key in {Topology.AdminKey.PathIn(cluster.StateDirectory)})");
            Console.WriteLine($"Logs: {cluster.LogDirectory}/<component>.log. Stop with Ctrl-C or ./run.sh stop.");
            await MonitorAsync(cluster, status, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (ClusterStartException ex)
        {
            await Console.Error.WriteLineAsync($"The cluster did not start: {ex.Message}");
            exitCode = 1;
        }
        finally
        {
            Console.WriteLine();
            await cluster.StopAsync(Say, force.Token);
            File.Delete(recordFile);
            Say("stopped");
        }

        return exitCode;
    }

    /// <summary>Prints a line whenever a component's state changes (a drill killing and restarting things shows up here).</summary>
    private static async Task MonitorAsync(Cluster cluster, IReadOnlyList<ComponentStatus> initial, CancellationToken stopping)
    {
        var last = initial.ToDictionary(s => s.Name, s => s.State);
        while (true)
        {
            await Task.Delay(s_monitorInterval, stopping);
            foreach (var status in await cluster.StatusAsync(stopping))
            {
                if (last.TryGetValue(status.Name, out var before) && before != status.State)
                {
                    var pid = status.Pid is { } p ? $" (pid {p})" : string.Empty;
                    Say($"{status.Name}: {StatusTable.Text(before)} -> {StatusTable.Text(status.State)}{pid}");
                }

                last[status.Name] = status.State;
            }
        }
    }

    public static void Say(string line) =>
        Console.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {line}");
}
