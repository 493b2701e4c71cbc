using System.Globalization;

namespace LocalCluster.Processes;

/// <summary>What /proc says about a process: its start time (to tell it from a later process with the same pid), name and state.</summary>
public static class ProcFs
{
    /// <summary>The start time in clock ticks since boot (field 22 of /proc/pid/stat); null when there is no such process.</summary>
    public static ulong? StartTime(int pid) => Field(pid, 22) is { } value ? ulong.Parse(value, CultureInfo.InvariantCulture) : null;

    /// <summary>The state letter (R, S, D, T stopped, Z zombie, …); null when there is no such process.</summary>
    public static char? State(int pid) => Field(pid, 3) is { } value ? value[0] : null;

    /// <summary>The process name (/proc/pid/comm); null when there is no such process.</summary>
    public static string? Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="pid"/> is the process that started at <paramref name="startTime"/> and has not exited (a zombie has).</summary>
    public static bool IsAlive(int pid, ulong startTime) => StartTime(pid) == startTime && State(pid) is not ('Z' or 'X' or null);

    private static string? Field(int pid, int number)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var close = stat.LastIndexOf(')');
        var rest = stat[(close + 2)..].Split(' ');
        return number >= 3 && number - 3 < rest.Length ? rest[number - 3] : null;
    }
}
