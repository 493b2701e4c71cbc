using System.Diagnostics;
using System.Globalization;
using LocalCluster.Topology;

namespace LocalCluster.Processes;

/// <summary>
/// Starts a component as a process of its own session (<c>setsid</c>), so a Ctrl-C in the terminal reaches only
/// the supervisor, which then stops everything in order; and it outlives whoever started it (a drill can restart
/// a component of the cluster that <c>./run.sh</c> supervises). Output is appended to the component's log file.
/// </summary>
public static class ComponentLauncher
{
    // sh execs setsid, which execs the program: all three are one process, so the pid is the program's.
    private const string Script = "exec setsid \"$@\" >>\"$0\" 2>&1 </dev/null";

    /// <summary>Starts <paramref name="spec"/>, appending its output to <paramref name="logFile"/>; returns its record.</summary>
    public static async Task<PidRecord> StartAsync(ComponentSpec spec, string logFile)
    {
        File.AppendAllText(logFile, string.Create(CultureInfo.InvariantCulture,
            $"==== {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff zzz} starting {spec.Name}: {spec.Executable} {string.Join(' ', spec.Arguments)}{Environment.NewLine}"));
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in (string[])["-c", Script, logFile, spec.Executable, .. spec.Arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{spec.Name} did not start.");
        var pid = process.Id;
        ulong? startTime = null;
        var name = spec.ProcessName;
        // Until exec has happened, /proc shows sh or setsid; wait briefly for the program itself.
        for (var i = 0; i < 200 && !process.HasExited; i++)
        {
            startTime = ProcFs.StartTime(pid);
            if (ProcFs.Name(pid) == name)
            {
                break;
            }

            await Task.Delay(5);
        }

        return new PidRecord(spec.Name, pid, startTime ?? 0, name);
    }

    /// <summary>Waits until the process of <paramref name="record"/> has exited; false when it still runs at the deadline.</summary>
    public static async Task<bool> WaitForExitAsync(PidRecord record, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (ProcFs.IsAlive(record.Pid, record.StartTime))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }
}
