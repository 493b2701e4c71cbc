using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace WebFront.Tests.Support;

/// <summary>
/// One real WebFront process (<c>dotnet WebFront.dll</c>) on a dynamic 127.0.0.1 port, configured through its
/// command line exactly as an operator would; its output is kept for failure messages.
/// </summary>
public sealed partial class WebFrontProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebFrontProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.WebFrontProject,
        };
        start.ArgumentList.Add(RepoPaths.WebFrontAssembly);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(RepoPaths.WebFrontProject);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
    }

    public string Name { get; }

    /// <summary>The front-end's base address.</summary>
    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WebFrontProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var front = new WebFrontProcess(name, settings);
        front._process.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => front.Kill();
        front._process.BeginOutputReadLine();
        front._process.BeginErrorReadLine();
        try
        {
            front.Address = await front._listening.Task.WaitAsync(TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException)
        {
            front.Kill();
            throw new InvalidOperationException($"WebFront {name} did not start listening within 180 s. Output:\n{front.Output}");
        }

        return front;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started or already gone.
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Where the repository's WebFront project and its build output are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebFrontProject => Path.Combine(Root, "src", "WebFront");

    /// <summary>WebFront.dll of the same configuration as this test assembly (built first through a project reference).</summary>
    public static string WebFrontAssembly => Built("WebFront", "WebFront.dll");

    /// <summary>The silo host's Sessions.Silo.dll, likewise.</summary>
    public static string SiloAssembly => Built("Silo", "Sessions.Silo.dll");

    private static string Built(string project, string dll)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string path = Path.Combine(Root, "src", project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}.");
    }
}
