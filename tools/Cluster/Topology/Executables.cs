namespace LocalCluster.Topology;

/// <summary>Finds programs on PATH.</summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="program"/>.</summary>
    /// <exception cref="FileNotFoundException">Not on PATH; the message says which Debian package has it when <paramref name="debianPackage"/> is given.</exception>
    public static string Find(string program, string? debianPackage = null)
    {
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var install = debianPackage is null ? string.Empty : $" Install it: sudo apt-get install -y {debianPackage}";
        throw new FileNotFoundException($"'{program}' is not on PATH.{install}", program);
    }
}
