namespace TestKit;

/// <summary>Finds a server program on PATH, or says exactly how to install it.</summary>
internal static class ExecutableLocator
{
    /// <summary>The full path of <paramref name="program"/> on PATH.</summary>
    /// <exception cref="FileNotFoundException">It is not on PATH; the message names the Debian package to install.</exception>
    public static string Find(string program, string debianPackage)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (string directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"'{program}' was not found on PATH, and the integration tests start real {program} processes. " +
            $"Install it with `sudo apt-get install -y {debianPackage}`, or run ./test.sh, which installs it.",
            program);
    }

    private static bool IsExecutable(string file)
    {
        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
