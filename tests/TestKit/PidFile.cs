using System.Globalization;
using System.Text;

namespace TestKit;

/// <summary>
/// What the kit records under <see cref="ProcessTracker.DefaultDirectory"/> for each server it starts, so that a later
/// test host can kill servers whose owner died without cleaning up (e.g. a test host killed by a timeout).
/// </summary>
/// <param name="Pid">The server's process id.</param>
/// <param name="StartTime">The server's start time (/proc stat ticks), to tell it from a later process that reuses the pid.</param>
/// <param name="Program">The server's program name: memcached or redis-server.</param>
/// <param name="OwnerPid">The test host that started it.</param>
/// <param name="OwnerStartTime">The test host's start time.</param>
/// <param name="WorkingDirectory">The server's temp directory, deleted with it.</param>
internal sealed record PidFile(int Pid, ulong StartTime, string Program, int OwnerPid, ulong OwnerStartTime, string WorkingDirectory)
{
    public static string PathFor(string directory, int pid)
    {
        return Path.Combine(directory, pid.ToString(CultureInfo.InvariantCulture) + ".pid");
    }

    /// <summary>Writes the file atomically (temp file + rename), so a concurrent reaper never reads half of it.</summary>
    public void Write(string directory)
    {
        string path = PathFor(directory, Pid);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, Format());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a pid file; null when it is gone or not in this format.</summary>
    public static PidFile? TryRead(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // another host reaped it meanwhile
        }

        Dictionary<string, string> values = [];
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] pair = line.Split('=', 2);
            if (pair.Length == 2)
            {
                values[pair[0].Trim()] = pair[1].Trim();
            }
        }

        return values.TryGetValue("pid", out string? pid) && int.TryParse(pid, CultureInfo.InvariantCulture, out int serverPid)
            && values.TryGetValue("start", out string? start) && ulong.TryParse(start, CultureInfo.InvariantCulture, out ulong serverStart)
            && values.TryGetValue("program", out string? program)
            && values.TryGetValue("owner", out string? owner) && int.TryParse(owner, CultureInfo.InvariantCulture, out int ownerPid)
            && values.TryGetValue("ownerStart", out string? ownerStartText) && ulong.TryParse(ownerStartText, CultureInfo.InvariantCulture, out ulong ownerStart)
            && values.TryGetValue("directory", out string? directory)
            ? new PidFile(serverPid, serverStart, program, ownerPid, ownerStart, directory)
            : null;
    }

    private string Format()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"pid={Pid}\n");
        text.Append(CultureInfo.InvariantCulture, $"start={StartTime}\n");
        text.Append(CultureInfo.InvariantCulture, $"program={Program}\n");
        text.Append(CultureInfo.InvariantCulture, $"owner={OwnerPid}\n");
        text.Append(CultureInfo.InvariantCulture, $"ownerStart={OwnerStartTime}\n");
        text.Append(CultureInfo.InvariantCulture, $"directory={WorkingDirectory}\n");
        return text.ToString();
    }
}
