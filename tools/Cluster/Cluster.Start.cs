using System.Diagnostics;
using LocalCluster.Health;
using LocalCluster.Processes;
using LocalCluster.Topology;

namespace LocalCluster;

public sealed partial class Cluster
{
    /// <summary>How long a starting component may take to serve (a silo on two busy cores needs some seconds).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private const int MaxPortRetries = 50;

    /// <summary>
    /// Starts the whole cluster and returns when every component serves: first removes what a crashed earlier
    /// run left (processes recorded in <c>pids/</c>), checks every port is free, then starts memcached and
    /// Redis, the silos, and the front-ends, each group in parallel, waiting for each group to be healthy.
    /// </summary>
    /// <exception cref="ClusterStartException">A port is taken by another program, or a component did not become healthy (the message has its log's tail).</exception>
    public async Task StartAsync(Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        progress ??= _ => { };
        foreach (var stale in await RemoveStaleAsync())
        {
            progress($"stopped {stale.Name} (pid {stale.Pid}) left over from an earlier run");
        }

        var busy = Layout.AllPorts().Where(p => !FreePorts.IsFree(p)).ToList();
        if (busy.Count > 0)
        {
            throw new ClusterStartException(
                $"Port(s) {string.Join(", ", busy)} on 127.0.0.1 are in use by another program. Stop it, or shift every port with --port-offset N (e.g. --port-offset 1000).");
        }

        if (Directory.Exists(RedisDataDirectory))
        {
            Directory.Delete(RedisDataDirectory, recursive: true); // a new cluster: no membership or keys of an earlier one
        }

        Layout.Save(LayoutFile(StateDirectory));
        var groups = new[]
        {
            Components.Where(c => c.Kind is ComponentKind.Memcached or ComponentKind.Redis).ToList(),
            [.. OfKind(ComponentKind.Silo)],

            // Together: the front-ends agree on the data-protection key themselves (one creates it under a Redis lock).
            [.. OfKind(ComponentKind.WebFront)],
        };
        foreach (var specs in groups.Where(g => g.Count > 0))
        {
            progress($"starting {string.Join(", ", specs.Select(s => s.Name))}");
            await Task.WhenAll(specs.Select(s => StartComponentAsync(s.Name, cancellationToken)));
        }
    }

    /// <summary>
    /// Starts one component (again) with its usual command, ports and log, and returns once it serves. A server
    /// restarted on its port retries while the port is still held by its previous process.
    /// </summary>
    public async Task StartComponentAsync(string name, CancellationToken cancellationToken = default)
    {
        var spec = this[name];
        if (Running(name) is { } running)
        {
            throw new InvalidOperationException($"{name} already runs (pid {running.Pid}).");
        }

        if (spec.Kind == ComponentKind.Redis)
        {
            Directory.CreateDirectory(RedisDataDirectory); // kept across restarts: the append-only file is Redis's memory
        }

        for (var attempt = 1; ; attempt++)
        {
            var record = await ComponentLauncher.StartAsync(spec, LogFile(name));
            record.Write(PidFile(name));
            var outcome = await WaitServingAsync(spec, record, cancellationToken);
            if (outcome is null)
            {
                return;
            }

            File.Delete(PidFile(name));
            var portHeld = !FreePorts.IsFree(spec.Port) || LogTail(name, 5).Contains("in use", StringComparison.OrdinalIgnoreCase);
            if (!portHeld || attempt == MaxPortRetries || spec.Kind is ComponentKind.Silo or ComponentKind.WebFront)
            {
                throw new ClusterStartException($"{name} {outcome}. The end of {LogFile(name)}:{Environment.NewLine}{LogTail(name)}");
            }

            await Task.Delay(100, cancellationToken); // the previous process's socket still holds the port
        }
    }

    /// <summary>Waits until a component serves: null then, else what went wrong.</summary>
    private async Task<string?> WaitServingAsync(ComponentSpec spec, PidRecord record, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (!record.IsRunning)
            {
                return "exited before it served";
            }

            if (await HealthProbe.CheckAsync(spec, cancellationToken) is ComponentState.Healthy or ComponentState.Degraded)
            {
                return null;
            }

            if (elapsed.Elapsed > StartTimeout)
            {
                await TerminateAsync(spec.Name, TimeSpan.FromSeconds(5));
                return $"did not become healthy within {StartTimeout.TotalSeconds:0} s";
            }

            await Task.Delay(spec.Kind is ComponentKind.Memcached or ComponentKind.Redis ? 20 : 200, cancellationToken);
        }
    }

    /// <summary>Kills the processes that pid records name and that still run (an earlier run crashed), and removes the records.</summary>
    private async Task<IReadOnlyList<PidRecord>> RemoveStaleAsync()
    {
        var stale = new List<PidRecord>();
        foreach (var file in Directory.EnumerateFiles(PidDirectory, "*.json"))
        {
            if (PidRecord.TryRead(file) is { IsRunning: true } record)
            {
                PosixSignals.Send(record.Pid, PosixSignals.Continue);
                PosixSignals.Send(record.Pid, PosixSignals.Kill);
                await ComponentLauncher.WaitForExitAsync(record, TimeSpan.FromSeconds(10));
                stale.Add(record);
            }

            File.Delete(file);
        }

        return stale;
    }
}
