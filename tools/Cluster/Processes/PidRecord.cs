using System.Text.Json;

namespace LocalCluster.Processes;

/// <summary>
/// A process the cluster started: <c>pids/&lt;name&gt;.json</c> in the state directory. With the start time
/// and name a later run tells its own leftover process (after a crash) from an unrelated one that reuses the pid.
/// </summary>
/// <param name="Name">The component.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="StartTime">Its start time (/proc ticks).</param>
/// <param name="ProcessName">Its /proc comm name.</param>
public sealed record PidRecord(string Name, int Pid, ulong StartTime, string ProcessName)
{
    /// <summary>Whether the recorded process still runs (same pid, same start time, same name).</summary>
    public bool IsRunning => ProcFs.IsAlive(Pid, StartTime) && ProcFs.Name(Pid) == ProcessName;

    /// <summary>Writes the record atomically (temp file and rename).</summary>
    public void Write(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>; null when missing or unreadable.</summary>
    public static PidRecord? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PidRecord>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }
}
