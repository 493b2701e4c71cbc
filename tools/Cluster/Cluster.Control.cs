using System.Diagnostics;
using LocalCluster.Processes;
using LocalCluster.Topology;

namespace LocalCluster;

public sealed partial class Cluster
{
    /// <summary>SIGKILL, and wait until it is gone. Does nothing when it does not run.</summary>
    public async Task KillAsync(string name)
    {
        if (Running(name) is { } record)
        {
            PosixSignals.Send(record.Pid, PosixSignals.Kill);
            await ComponentLauncher.WaitForExitAsync(record, TimeSpan.FromSeconds(10));
        }

        File.Delete(PidFile(name));
    }

    /// <summary>
    /// SIGTERM (continuing a paused process first) and wait up to <paramref name="timeout"/> for the exit,
    /// then SIGKILL. Does nothing when it does not run. True when it exited by itself.
    /// </summary>
    public async Task<bool> TerminateAsync(string name, TimeSpan timeout, CancellationToken force = default)
    {
        var graceful = true;
        if (Running(name) is { } record)
        {
            PosixSignals.Send(record.Pid, PosixSignals.Continue);
            PosixSignals.Send(record.Pid, PosixSignals.Terminate);
            try
            {
                graceful = await ComponentLauncher.WaitForExitAsync(record, timeout, force);
            }
            catch (OperationCanceledException) when (force.IsCancellationRequested)
            {
                graceful = false;
            }

            if (!graceful)
            {
                PosixSignals.Send(record.Pid, PosixSignals.Kill);
                await ComponentLauncher.WaitForExitAsync(record, TimeSpan.FromSeconds(10));
            }
        }

        File.Delete(PidFile(name));
        return graceful;
    }

    /// <summary>SIGSTOP: the process keeps its sockets and answers nothing. Returns once it is stopped.</summary>
    public Task PauseAsync(string name) => SignalAndWaitAsync(name, PosixSignals.Stop, stopped: true);

    /// <summary>SIGCONT. Returns once it runs again.</summary>
    public Task ResumeAsync(string name) => SignalAndWaitAsync(name, PosixSignals.Continue, stopped: false);

    /// <summary>
    /// Stops every component in order: front-ends, then silos (which hand off their sessions and leave the
    /// membership), then Redis and memcached; each group in parallel, SIGTERM first. Cancelling
    /// <paramref name="force"/> (a second Ctrl-C) kills what still runs.
    /// </summary>
    public async Task StopAsync(Action<string>? progress = null, CancellationToken force = default)
    {
        progress ??= _ => { };
        foreach (var kind in new[] { ComponentKind.WebFront, ComponentKind.Silo, ComponentKind.Redis, ComponentKind.Memcached })
        {
            var running = OfKind(kind).Where(c => Running(c.Name) is not null).ToList();
            if (running.Count == 0)
            {
                continue;
            }

            progress($"stopping {string.Join(", ", running.Select(c => c.Name))}");
            var timeout = kind == ComponentKind.Silo ? ComponentFactory.SiloShutdownTimeout + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10);
            var results = await Task.WhenAll(running.Select(c => TerminateAsync(c.Name, timeout, force)));
            for (var i = 0; i < running.Count; i++)
            {
                if (!results[i])
                {
                    progress($"{running[i].Name} did not stop within {timeout.TotalSeconds:0} s and was killed");
                }
            }
        }

        // Components recorded by an older layout (e.g. a larger one) are stopped too.
        foreach (var file in Directory.EnumerateFiles(PidDirectory, "*.json"))
        {
            if (PidRecord.TryRead(file) is { IsRunning: true } leftover)
            {
                PosixSignals.Send(leftover.Pid, PosixSignals.Continue);
                PosixSignals.Send(leftover.Pid, PosixSignals.Kill);
                await ComponentLauncher.WaitForExitAsync(leftover, TimeSpan.FromSeconds(10));
                progress($"killed {leftover.Name} (pid {leftover.Pid})");
            }

            File.Delete(file);
        }
    }

    private async Task SignalAndWaitAsync(string name, int signal, bool stopped)
    {
        var record = Running(name) ?? throw new InvalidOperationException($"{name} does not run.");
        PosixSignals.Send(record.Pid, signal);
        var elapsed = Stopwatch.StartNew();
        while ((ProcFs.State(record.Pid) == 'T') != stopped)
        {
            if (elapsed.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new InvalidOperationException($"{name} (pid {record.Pid}) did not {(stopped ? "stop" : "continue")} within 5 s.");
            }

            await Task.Delay(5);
        }
    }
}
