using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;

namespace TestKit;

public abstract partial class ServerProcess
{
    private const int MaxPortAttempts = 5;
    private const int MaxRestartAttempts = 20;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RestartRetryInterval = TimeSpan.FromMilliseconds(100);

    private int _reservedPort;

    /// <summary>
    /// Starts the server again on the same port with the same options and empty memory, and waits until it serves
    /// requests. A server that is still running is killed first. Retries while the old socket still holds the port.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_process is { } running)
            {
                await TerminateAsync(running, graceful: false);
            }

            for (int attempt = 1; ; attempt++)
            {
                if (await LaunchAsync(Port, cancellationToken))
                {
                    return;
                }

                if (attempt == MaxRestartAttempts)
                {
                    throw new ServerStartException($"{Program} could not restart: port {Port} was still in use after {attempt} attempts.", CommandLine, ReadLog());
                }

                await Task.Delay(RestartRetryInterval, cancellationToken);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Picks a free port and starts the server on it, with a new port when another process took it first.</summary>
    private protected async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                _reservedPort = FreePorts.Reserve();
                if (await LaunchAsync(_reservedPort, cancellationToken))
                {
                    return;
                }

                ReleasePort();
                if (attempt == MaxPortAttempts)
                {
                    throw new ServerStartException($"{Program} found its port already in use {attempt} times in a row.", CommandLine, ReadLog());
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private void ReleasePort()
    {
        if (_reservedPort != 0)
        {
            FreePorts.Release(_reservedPort);
            _reservedPort = 0;
        }
    }

    /// <summary>Starts the process on <paramref name="port"/>; true once it serves, false when the port was taken.</summary>
    private async Task<bool> LaunchAsync(int port, CancellationToken cancellationToken)
    {
        Port = port;
        IReadOnlyList<string> arguments = BuildArguments(port);
        CommandLine = FormatCommandLine(_executablePath, arguments);
        AppendLog($"[testkit] $ {CommandLine}");
        int logMark = MarkLog();

        Process process = new() { StartInfo = CreateStartInfo(arguments) };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        _process = process;
        _paused = false;
        try
        {
            ProcessTracker.Track(process.Id, Program, WorkingDirectory);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return await WaitUntilReadyAsync(process, port, logMark, cancellationToken);
        }
        catch
        {
            if (_process == process)
            {
                await TerminateAsync(process, graceful: false);
            }

            throw;
        }
    }

    private async Task<bool> WaitUntilReadyAsync(Process process, int port, int logMark, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        Exception? lastProbeError = null;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(CancellationToken.None); // lets the output readers drain
                int exitCode = process.ExitCode;
                ForgetExited(process);
                string output = ReadLogSince(logMark);
                if (output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    AppendLog($"[testkit] port {port} is in use");
                    return false;
                }

                throw new ServerStartException($"{Program} exited with code {exitCode} before it served on port {port}.", CommandLine, output);
            }

            try
            {
                if (await ProbeOnceAsync(process, port, deadline.Token))
                {
                    return true;
                }
            }
            catch (Exception error) when (IsNotReadyYet(error) && !cancellationToken.IsCancellationRequested)
            {
                // Keep the probe's own failure (e.g. connection refused) rather than the cancellation by the deadline.
                bool cutByDeadline = error is OperationCanceledException && deadline.IsCancellationRequested;
                lastProbeError = cutByDeadline && lastProbeError is not null ? lastProbeError : error;
            }

            if (deadline.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new ServerStartException(
                    $"{Program} did not serve on port {port} within {StartTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.",
                    CommandLine,
                    ReadLogSince(logMark),
                    lastProbeError);
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline passed; the next pass probes once more and then reports it.
            }
        }
    }

    /// <summary>One probe, cut short when the process exits meanwhile (a squatter on the port may accept and never answer).</summary>
    private async Task<bool> ProbeOnceAsync(Process process, int port, CancellationToken deadline)
    {
        using CancellationTokenSource probe = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        probe.CancelAfter(ProbeTimeout);
        Task<bool> ready = IsReadyAsync(port, process.Id, probe.Token);
        Task exited = process.WaitForExitAsync(probe.Token);
        await Task.WhenAny(ready, exited);
        await probe.CancelAsync();
        await exited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await ready;
    }

    private static bool IsNotReadyYet(Exception error)
    {
        return error is SocketException or IOException or OperationCanceledException or AuthenticationException;
    }

    private ProcessStartInfo CreateStartInfo(IReadOnlyList<string> arguments)
    {
        ProcessStartInfo startInfo = new(_executablePath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WorkingDirectory,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static string FormatCommandLine(string executable, IReadOnlyList<string> arguments)
    {
        return string.Join(' ', arguments.Prepend(executable).Select(static argument =>
            argument.Length == 0 ? "\"\"" : argument.Any(char.IsWhiteSpace) ? $"\"{argument}\"" : argument));
    }
}
