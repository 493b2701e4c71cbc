using System.Globalization;

namespace TestKit;

/// <summary>Reads process facts from Linux's /proc: start time (to tell a pid from a reused one), run state and command name.</summary>
internal static class ProcFs
{
    // Fields of /proc/<pid>/stat after the ")" that closes the command name: field 3 (state) is index 0.
    private const int StateIndex = 0;
    private const int StartTimeIndex = 19;

    /// <summary>The process start time in clock ticks since boot, or null when the process does not exist.</summary>
    public static ulong? ReadStartTime(int pid)
    {
        string[]? fields = ReadStatFields($"/proc/{pid}/stat");
        return fields is { Length: > StartTimeIndex } && ulong.TryParse(fields[StartTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks)
            ? ticks
            : null;
    }

    /// <summary>Whether every thread of the process is in the stopped state (SIGSTOP delivered to the whole group).</summary>
    public static bool IsStopped(int pid)
    {
        return ThreadStates(pid) is { Count: > 0 } states && states.TrueForAll(static state => state == 'T');
    }

    /// <summary>Whether no thread of the process is stopped any more (or the process is gone).</summary>
    public static bool IsContinued(int pid)
    {
        return !ThreadStates(pid).Contains('T');
    }

    /// <summary>
    /// The file name of the program the process runs (argv[0] without its directory), or null when it does not exist.
    /// redis-server rewrites its title to "redis-server 127.0.0.1:port", so only the first word counts.
    /// </summary>
    public static string? ReadProgramName(int pid)
    {
        string cmdline;
        try
        {
            cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return null; // the process is gone (or never existed)
        }

        string argv0 = cmdline.Split('\0', 2)[0].Split(' ', 2)[0];
        return argv0.Length == 0 ? null : Path.GetFileName(argv0);
    }

    private static List<char> ThreadStates(int pid)
    {
        List<char> states = [];
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return states; // the process is gone
        }

        foreach (string task in tasks)
        {
            if (ReadStatFields(Path.Combine(task, "stat")) is { Length: > StateIndex } fields && fields[StateIndex].Length > 0)
            {
                states.Add(fields[StateIndex][0]);
            }
        }

        return states;
    }

    private static string[]? ReadStatFields(string path)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // the process or thread is gone
        }

        // The command name in parentheses may itself contain spaces and ")", so split after the last ")".
        int close = stat.LastIndexOf(')');
        return close < 0 ? null : stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
