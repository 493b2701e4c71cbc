using System.Runtime.InteropServices;

namespace TestKit;

/// <summary>Sends POSIX signals to processes the kit started (kill(2)), which <see cref="System.Diagnostics.Process"/> cannot do beyond SIGKILL.</summary>
internal static partial class PosixSignals
{
    private const int NoSuchProcess = 3; // ESRCH

    public static int Kill => 9;

    public static int Terminate => 15;

    // The numbers differ between Linux and the BSDs (macOS); the kit targets Linux but should not send the wrong signal elsewhere.
    public static int Stop => OperatingSystem.IsLinux() ? 19 : 17;

    public static int Continue => OperatingSystem.IsLinux() ? 18 : 19;

    /// <summary>Whether this process runs as root (memcached then refuses to start without <c>-u</c>).</summary>
    public static bool IsRoot => GetEffectiveUserId() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns false when no such process exists any more.</summary>
    public static bool Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) == 0)
        {
            return true;
        }

        int error = Marshal.GetLastPInvokeError();
        if (error == NoSuchProcess)
        {
            return false;
        }

        throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {error}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
