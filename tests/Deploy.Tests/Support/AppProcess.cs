using System.Diagnostics;
using System.Text;
using TestKit;

namespace Deploy.Tests.Support;

/// <summary>A built app (<c>dotnet App.dll</c>) run with a given environment, for HTTP checks; killed on dispose.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _logLock = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts <paramref name="dll"/> in its own directory with <paramref name="environment"/> (variable names as in a pod).</summary>
    public static AppProcess Start(string dll, Uri baseAddress, IReadOnlyDictionary<string, string> environment)
    {
        ProcessStartInfo start = new("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process = new() { StartInfo = start };
        AppProcess app = new(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public string Log
    {
        get
        {
            lock (_logLock)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The status of GET <paramref name="path"/>, or 0 while nothing answers.</summary>
    public async Task<int> StatusAsync(string path)
    {
        try
        {
            using var response = await s_http.GetAsync(new Uri(BaseAddress, path));
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Polls until GET <paramref name="path"/> answers at all; fails with the app's log if it exits first.</summary>
    public async Task<int> WaitForAnswerAsync(string path, TimeSpan timeout)
    {
        var status = 0;
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new Xunit.Sdk.XunitException($"The app exited with code {_process.ExitCode}:{Environment.NewLine}{Log}");
                    }

                    status = await StatusAsync(path);
                    return status != 0;
                },
                $"{path} answers",
                timeout);
        }
        catch (TimeoutException ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}{Environment.NewLine}{Log}");
        }

        return status;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_logLock)
            {
                _log.Append(line).Append('\n');
            }
        }
    }
}
