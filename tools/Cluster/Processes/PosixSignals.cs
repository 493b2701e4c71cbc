using System.Runtime.InteropServices;

namespace LocalCluster.Processes;

/// <summary>kill(2): the signals the cluster sends (System.Diagnostics.Process only has SIGKILL).</summary>
public static partial class PosixSignals
{
    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>SIGSTOP.</summary>
    public static int Stop => OperatingSystem.IsLinux() ? 19 : 17;

    /// <summary>SIGCONT.</summary>
    public static int Continue => OperatingSystem.IsLinux() ? 18 : 19;

    /// <summary>Sends <paramref name="signal"/>; false when the process does not exist (any more).</summary>
    public static bool Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
