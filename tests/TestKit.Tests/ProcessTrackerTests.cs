using System.Diagnostics;
using System.Globalization;

using TestKit;

namespace TestKit.Tests;

/// <summary>Reaping of servers left behind by a dead test host, against real processes in a private pid directory.</summary>
public sealed class ProcessTrackerTests : IDisposable
{
    private readonly string _pidDirectory = Directory.CreateTempSubdirectory("testkit-pids-test-").FullName;

    [Fact]
    public async Task An_orphaned_memcached_is_killed_and_its_files_removed()
    {
        int port = FreePorts.Reserve();
        string[] arguments = ["-l", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", "0", .. PosixSignals.IsRoot ? ["-u", "root"] : Array.Empty<string>()];
        using Process memcached = StartProcess(ExecutableLocator.Find("memcached", "memcached"), arguments);
        string workingDirectory = Directory.CreateTempSubdirectory("testkit-orphan-").FullName;
        WriteOrphanPidFile(memcached.Id, "memcached", workingDirectory);

        IReadOnlyList<int> killed = ProcessTracker.ReapOrphans(_pidDirectory);

        Assert.Equal([memcached.Id], killed);
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(10));
        await memcached.WaitForExitAsync(deadline.Token);
        Assert.Empty(Directory.GetFiles(_pidDirectory));
        Assert.False(Directory.Exists(workingDirectory));
        FreePorts.Release(port);
    }

    [Fact]
    public async Task A_recorded_pid_that_now_runs_another_program_is_left_alone()
    {
        using Process sleeper = StartProcess("sleep", "60");
        try
        {
            WriteOrphanPidFile(sleeper.Id, "memcached", Path.Combine(Path.GetTempPath(), "testkit-gone"));

            IReadOnlyList<int> killed = ProcessTracker.ReapOrphans(_pidDirectory);

            Assert.Empty(killed);
            Assert.False(sleeper.HasExited);
            Assert.Empty(Directory.GetFiles(_pidDirectory));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    [Fact]
    public void A_server_whose_owner_is_alive_is_left_alone()
    {
        PidFile live = new(Environment.ProcessId, 1, "memcached", Environment.ProcessId, ProcFs.ReadStartTime(Environment.ProcessId) ?? 0, "/nonexistent");
        live.Write(_pidDirectory);

        IReadOnlyList<int> killed = ProcessTracker.ReapOrphans(_pidDirectory);

        Assert.Empty(killed);
        Assert.Single(Directory.GetFiles(_pidDirectory));
    }

    public void Dispose()
    {
        Directory.Delete(_pidDirectory, recursive: true);
    }

    private void WriteOrphanPidFile(int pid, string program, string workingDirectory)
    {
        // The owner's pid is this test host's, but with another start time: a dead host whose pid was reused.
        PidFile orphan = new(pid, ProcFs.ReadStartTime(pid) ?? 0, program, Environment.ProcessId, 1, workingDirectory);
        orphan.Write(_pidDirectory);
    }

    private static Process StartProcess(string program, params string[] arguments)
    {
        ProcessStartInfo startInfo = new(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
    }
}
