using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;

namespace TestKit;

/// <summary>
/// A real silo process (the built <c>Sessions.Silo.dll</c> run with <c>dotnet</c>) on free loopback
/// ports, configured through environment variables; started, SIGKILLed or stopped with SIGTERM.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();
    private readonly Process _process;
    private readonly int[] _ports;

    private SiloProcess(Process process, int[] ports)
    {
        _process = process;
        _ports = ports;
    }

    public int SiloPort => _ports[0];

    public int GatewayPort => _ports[1];

    public int HttpPort => _ports[2];

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>"127.0.0.1:SiloPort", as the silo advertises itself.</summary>
    public string SiloEndPoint => $"127.0.0.1:{SiloPort}";

    /// <summary>What the silo wrote so far; once it has exited, all of it (the output is read to its end first).</summary>
    public string ReadLog()
    {
        if (_process.HasExited)
        {
            _process.WaitForExit();
        }

        lock (_logLock)
        {
            return _log.ToString();
        }
    }

    /// <summary>The settings of a silo in cluster <paramref name="clusterId"/> (also its service id) with Redis membership on loopback.</summary>
    public static Dictionary<string, string> RedisClustered(string clusterId, string redis, string memcached) => new()
    {
        ["Silo:Clustering"] = "Redis",
        ["Silo:ClusterId"] = clusterId,
        ["Silo:ServiceId"] = clusterId,
        ["Silo:AdvertisedIPAddress"] = "127.0.0.1",
        ["ConnectionStrings:redis"] = redis,
        ["ConnectionStrings:memcached"] = memcached,
    };

    /// <summary>Starts the silo at <paramref name="siloDll"/> with <paramref name="settings"/> (configuration keys, e.g. <c>Silo:Clustering</c>) plus its own ports.</summary>
    public static SiloProcess Start(string siloDll, IReadOnlyDictionary<string, string> settings)
    {
        int[] ports = [FreePorts.Reserve(), FreePorts.Reserve(), FreePorts.Reserve()];
        ProcessStartInfo start = new("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
        };
        start.ArgumentList.Add(siloDll);
        Dictionary<string, string> all = new(settings)
        {
            ["Silo:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Silo:HttpPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in all)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Process process = new() { StartInfo = start };
        SiloProcess silo = new(process, ports);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        ProcessTracker.Track(process.Id, "dotnet", Path.GetTempPath());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>GETs a path on the silo's HTTP port: status code and body (0 and the error when it does not answer).</summary>
    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        try
        {
            using var response = await s_http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}{path}"));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.Message);
        }
    }

    /// <summary>Waits until the process exits and its output has been read to its end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (the silo joined the cluster).</summary>
    public Task WaitReadyAsync(TimeSpan? timeout = null) =>
        Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode}:{Environment.NewLine}{ReadLog()}");
            }

            return (await GetAsync("/health/ready")).Status == 200;
        }, $"the silo on port {SiloPort} is ready", timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>SIGKILL, and wait for the exit.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.Kill);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM (graceful shutdown), and wait for the exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.Terminate);
        }

        using CancellationTokenSource deadline = new(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        ProcessTracker.Untrack(_process.Id);
        foreach (var port in _ports)
        {
            FreePorts.Release(port);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.Append(line).Append('\n');
        }
    }
}
