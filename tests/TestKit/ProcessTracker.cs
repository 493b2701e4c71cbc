using System.Collections.Concurrent;

namespace TestKit;

/// <summary>
/// Makes sure no server outlives its test host: every started server is killed on <see cref="AppDomain.ProcessExit"/>,
/// and recorded in a pid file so the next test host kills it when this one died too hard to run that handler.
/// </summary>
internal static class ProcessTracker
{
    public const string DefaultDirectory = "/tmp/testkit-pids";

    private static readonly string[] s_serverPrograms = ["memcached", "redis-server"];
    private static readonly ConcurrentDictionary<int, PidFile> s_live = new();
    private static readonly Lock s_initializeLock = new();
    private static bool s_initialized;

    /// <summary>Records a server that was just started by this test host.</summary>
    public static void Track(int pid, string program, string workingDirectory)
    {
        EnsureInitialized();
        PidFile entry = new(
            pid,
            ProcFs.ReadStartTime(pid) ?? 0,
            program,
            Environment.ProcessId,
            ProcFs.ReadStartTime(Environment.ProcessId) ?? 0,
            workingDirectory);
        s_live[pid] = entry;
        entry.Write(DefaultDirectory);
    }

    /// <summary>Forgets a server that has exited.</summary>
    public static void Untrack(int pid)
    {
        if (s_live.TryRemove(pid, out _))
        {
            File.Delete(PidFile.PathFor(DefaultDirectory, pid));
        }
    }

    /// <summary>
    /// Kills the servers recorded in <paramref name="directory"/> whose test host is gone, after checking that the pid
    /// still belongs to the same memcached or redis-server process, and removes their pid files and temp directories.
    /// </summary>
    /// <returns>The pids that were killed.</returns>
    public static IReadOnlyList<int> ReapOrphans(string directory)
    {
        List<int> killed = [];
        if (!Directory.Exists(directory))
        {
            return killed;
        }

        foreach (string file in Directory.EnumerateFiles(directory, "*.pid"))
        {
            PidFile? entry = PidFile.TryRead(file);
            if (entry is not null && IsSameProcess(entry.OwnerPid, entry.OwnerStartTime))
            {
                continue; // its test host is alive and will clean up itself
            }

            if (entry is not null && IsOrphanedServer(entry) && PosixSignals.Send(entry.Pid, PosixSignals.Kill))
            {
                killed.Add(entry.Pid);
            }

            if (entry is not null)
            {
                TryDeleteWorkingDirectory(entry.WorkingDirectory);
            }

            File.Delete(file);
        }

        return killed;
    }

    /// <summary>Deletes a server's temp directory; only directories the kit creates (temp path, "testkit-" prefix) are touched.</summary>
    public static bool TryDeleteWorkingDirectory(string directory)
    {
        string full = Path.GetFullPath(directory);
        bool isKitDirectory = full.StartsWith(Path.GetTempPath(), StringComparison.Ordinal)
            && Path.GetFileName(full).StartsWith("testkit-", StringComparison.Ordinal);
        if (!isKitDirectory || !Directory.Exists(full))
        {
            return false;
        }

        try
        {
            Directory.Delete(full, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false; // deleted concurrently by another reaper; nothing left to do
        }
    }

    private static bool IsOrphanedServer(PidFile entry)
    {
        return Array.IndexOf(s_serverPrograms, entry.Program) >= 0
            && IsSameProcess(entry.Pid, entry.StartTime)
            && ProcFs.ReadProgramName(entry.Pid) == entry.Program;
    }

    private static bool IsSameProcess(int pid, ulong startTime)
    {
        return startTime != 0 && ProcFs.ReadStartTime(pid) == startTime;
    }

    private static void EnsureInitialized()
    {
        lock (s_initializeLock)
        {
            if (s_initialized)
            {
                return;
            }

            Directory.CreateDirectory(DefaultDirectory);
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            ReapOrphans(DefaultDirectory);
            s_initialized = true;
        }
    }

    private static void OnProcessExit(object? sender, EventArgs e)
    {
        foreach (PidFile entry in s_live.Values)
        {
            if (IsSameProcess(entry.Pid, entry.StartTime))
            {
                PosixSignals.Send(entry.Pid, PosixSignals.Kill);
            }

            File.Delete(PidFile.PathFor(DefaultDirectory, entry.Pid));
            TryDeleteWorkingDirectory(entry.WorkingDirectory);
        }
    }
}
