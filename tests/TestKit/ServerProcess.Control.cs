using System.Diagnostics;

namespace TestKit;

public abstract partial class ServerProcess
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The exit code of the latest process that exited (137 after a SIGKILL), or null.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>Kills the process (SIGKILL) and waits until it has exited. Does nothing when it is not running.</summary>
    public Task KillAsync() => TerminateRunningAsync(graceful: false);

    /// <summary>Stops the process gracefully (SIGTERM) and waits until it has exited; kills it and throws when it does not exit in 10 s.</summary>
    public Task StopAsync() => TerminateRunningAsync(graceful: true);

    private async Task TerminateRunningAsync(bool graceful)
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_process is { } process)
            {
                await TerminateAsync(process, graceful);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Freezes the process (SIGSTOP) and returns once all its threads are stopped: connections stay open, nothing is answered.</summary>
    public void Pause()
    {
        Signal(PosixSignals.Stop, ProcFs.IsStopped, "stop");
        _paused = true;
    }

    /// <summary>Lets a paused process run again (SIGCONT) and returns once it runs.</summary>
    public void Resume()
    {
        Signal(PosixSignals.Continue, ProcFs.IsContinued, "continue");
        _paused = false;
    }

    /// <summary>Brings a shared server back to serving: resumes it when paused, restarts it (empty) when it is not running.</summary>
    public async Task EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        if (IsPaused)
        {
            Resume();
        }

        if (!IsRunning)
        {
            await RestartAsync(cancellationToken);
        }
    }

    /// <summary>Kills the process if it runs (resuming it first when paused) and deletes its temp directory. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync();
        try
        {
            if (_process is { } process)
            {
                await TerminateAsync(process, graceful: false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }

        ReleasePort();
        ProcessTracker.TryDeleteWorkingDirectory(WorkingDirectory);
        GC.SuppressFinalize(this);
    }

    private void Signal(int signal, Func<int, bool> reached, string state)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _lifecycle.Wait();
        try
        {
            if (_process is not { HasExited: false } process)
            {
                throw new InvalidOperationException($"{Program} on {EndPoint} is not running.");
            }

            int pid = process.Id;
            PosixSignals.Send(pid, signal);
            Stopwatch elapsed = Stopwatch.StartNew();
            SpinWait spin = default;
            while (!reached(pid))
            {
                if (elapsed.Elapsed > SignalTimeout)
                {
                    throw new InvalidOperationException($"{Program} pid {pid} did not {state} within {SignalTimeout.TotalSeconds} s.");
                }

                spin.SpinOnce();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task TerminateAsync(Process process, bool graceful)
    {
        if (!process.HasExited)
        {
            // A stopped process keeps SIGTERM pending; continue it so it can act on the signal (SIGKILL needs no help).
            PosixSignals.Send(process.Id, PosixSignals.Continue);
            if (graceful)
            {
                await TerminateGracefullyAsync(process);
            }
            else
            {
                process.Kill();
            }
        }

        await process.WaitForExitAsync();
        AppendLog($"[testkit] pid {process.Id} exited with code {process.ExitCode}");
        ForgetExited(process);
    }

    private async Task TerminateGracefullyAsync(Process process)
    {
        PosixSignals.Send(process.Id, PosixSignals.Terminate);
        using CancellationTokenSource timeout = new(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill();
            await process.WaitForExitAsync();
            ForgetExited(process);
            throw new TimeoutException($"{Program} on {EndPoint} did not exit within {StopTimeout.TotalSeconds} s of SIGTERM and was killed. Log:{Environment.NewLine}{ReadLog()}");
        }
    }

    private void ForgetExited(Process process)
    {
        LastExitCode = process.ExitCode;
        ProcessTracker.Untrack(process.Id);
        if (_process == process)
        {
            _process = null;
            _paused = false;
        }

        process.Dispose();
    }
}
